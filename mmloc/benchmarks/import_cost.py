# Copyright (c) mmloc contributors. All rights reserved.
"""What ``import mmloc`` costs, against what it cannot avoid.

Each statement is timed in fresh interpreters (the import cache of one
would hide the next), from just before the statement to just after it, so
interpreter start-up is not counted; the median of ``repeats`` runs.
"""
import statistics
import subprocess
import sys
from typing import Dict, List, Sequence, Tuple

#: (label, statement); the first is the floor every row is divided by
STATEMENTS: Tuple[Tuple[str, str], ...] = (
    ('import torch', 'import torch'),
    ('import mmpretrain', 'import mmpretrain'),
    ('import mmloc', 'import mmloc'),
    ('import mmloc.models', 'import mmloc.models'),
)

_TIMER = ('import time; t = time.perf_counter(); {}; '
          'print(time.perf_counter() - t)')


def import_seconds(statement: str,
                   repeats: int = 3,
                   env: Dict[str, str] = None) -> float:
    """Median wall seconds of ``statement`` in ``repeats`` fresh
    interpreters.

    Raises:
        RuntimeError: The statement failed; with its stderr's last line.
    """
    times: List[float] = []
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, '-c',
                               _TIMER.format(statement)],
                              capture_output=True,
                              text=True,
                              env=env)
        if proc.returncode:
            last = (proc.stderr.strip().splitlines() or ['?'])[-1]
            raise RuntimeError(f'{statement!r} failed: {last}')
        times.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def import_cost_table(statements: Sequence[Tuple[str, str]] = STATEMENTS,
                      repeats: int = 3) -> List[Tuple[str, float, float]]:
    """``(label, seconds, ratio to the first row)`` per statement."""
    rows = [(label, import_seconds(stmt, repeats))
            for label, stmt in statements]
    floor = rows[0][1]
    return [(label, s, s / floor) for label, s in rows]

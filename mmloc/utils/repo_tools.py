# Copyright (c) mmloc contributors. All rights reserved.
"""Run the repository's command-line tools from library code.

Experiments and benchmarks chain ``tools/train.py``, the converters and the
analysis tools in subprocesses, as a user would, so each step reads its
config afresh and a crash in one step names its log instead of killing the
whole experiment. The tools live in the checkout, not in the package: these
helpers work from a source (editable) install.
"""
import os
import os.path as osp
import subprocess
import sys
from typing import Sequence

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def run_repo_tool(args: Sequence[str], log: str, echo: bool = False) -> None:
    """Run ``python args...`` in the repository root, output appended to
    ``log`` (and echoed here with ``echo``).

    ``MMLOC_TOOL_THREADS``, when set, becomes the tool's ``OMP_NUM_THREADS``:
    on a CPU shared with other jobs OpenMP threads spend most of their time
    in barriers (measured on 2 busy cores: CAST 7.7 s/iter with 2 threads,
    2.6 with 1); on a quiet machine the default (all cores) is faster.

    Args:
        args (Sequence[str]): The tool's path relative to the repository
            root, then its arguments.
        log (str): File the tool's stdout and stderr are appended to.
        echo (bool): Also stream the output to this process's stdout.

    Raises:
        FileNotFoundError: The tool is not in this checkout.
        RuntimeError: The tool failed; names it, its exit code and ``log``.
    """
    tool = osp.join(REPO_ROOT, args[0])
    if not osp.isfile(tool):
        raise FileNotFoundError(f'{tool}: no such tool (the experiments run '
                                'from a source checkout of mmloc)')
    env = dict(os.environ, PYTHONPATH=REPO_ROOT)
    if os.environ.get('MMLOC_TOOL_THREADS'):
        env['OMP_NUM_THREADS'] = os.environ['MMLOC_TOOL_THREADS']
    with open(log, 'a') as f:
        proc = subprocess.Popen([sys.executable, *args],
                                cwd=REPO_ROOT,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                env=env,
                                text=True)
        for line in proc.stdout:
            f.write(line)
            if echo:
                sys.stdout.write(line)
        proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f'{" ".join(args[:2])} failed (exit '
                           f'{proc.returncode}); see {log}')

# Copyright (c) mmloc contributors. All rights reserved.
"""The experiment's report: the tables of the finished runs, their setting,
the machine they ran on and the commands that remake them."""
from typing import Dict, List, Sequence

from .benchmarks import BASELINES, LABELS, Benchmark
from .pretraining import arm_epochs
from .table import difference_table, markdown_table


def markers(benchmark: Benchmark) -> tuple:
    """The README markers the benchmark's tables are written between."""
    tag = 'localization-effect' + ('' if benchmark.name == 'shapes' else
                                   f'-{benchmark.name}')
    return f'<!-- {tag}:start -->', f'<!-- {tag}:end -->'


def regenerate_commands(bench: Benchmark, rows: Dict[str,
                                                     List[dict]]) -> List[str]:
    """The command(s) that remake the runs behind ``rows``: one for all
    arms and seeds, plus one per group of transfer read-outs measured on
    fewer runs, naming just those arms and seeds (it is added to finished
    runs, so they are not trained again). Every command states both
    transfers' iterations, 0 where it does not run one."""
    runs = [r for arm_runs in rows.values() for r in arm_runs]
    seeds = sorted({r['seed'] for r in runs})
    prefix = 'python tools/experiments/localization_effect.py'
    if bench.name != 'shapes':
        prefix += f' --benchmark {bench.name}'
    epochs = {r['epochs'] for r in runs if r['arm'] != 'random'}
    retimed = ''
    if len(epochs) == 1 and epochs != {arm_epochs(bench, 'mocov2')}:
        retimed = f' --epochs {epochs.pop()}'

    def command(arms: Sequence[str], seeds: Sequence[int]) -> str:
        return (f'{prefix} --arms {" ".join(arms)}{retimed} --seeds '
                f'{" ".join(map(str, seeds))}')

    main = command(list(rows), seeds)
    partial: Dict[tuple, Dict[str, int]] = {}
    for tag in ('fcn', 'det'):
        key = f'{tag}_iters'
        done = [r for r in runs if key in r]
        iters = max((r[key] for r in done), default=0)
        if len(done) in (0, len(runs)):
            main += f' --{tag}-iters {iters}'
            continue
        main += f' --{tag}-iters 0'
        arms = tuple(a for a in rows if any(key in r for r in rows[a]))
        done_seeds = tuple(sorted({r['seed'] for r in done}))
        partial.setdefault((arms, done_seeds), {})[tag] = iters
    return [main] + [
        command(arms, done_seeds) + ''.join(
            f' --{tag}-iters {iters.get(tag, 0)}' for tag in ('fcn', 'det'))
        for (arms, done_seeds), iters in partial.items()
    ]


def report(bench: Benchmark, rows: Dict[str, List[dict]]) -> str:
    """The tables, their setting and the command(s) that regenerate them."""
    runs = [r for arm_runs in rows.values() for r in arm_runs]
    commands = ', then '.join(f'`{c}`'
                              for c in regenerate_commands(bench, rows))
    # the machine(s) the runs were measured on, not the one regenerating
    machines = ' + '.join(
        sorted({r.get('machine', 'not recorded')
                for r in runs}))
    baselines = {a: b for a, b in BASELINES.items() if a in rows}
    epochs = '/'.join(
        str(e)
        for e in sorted({r['epochs']
                         for r in runs if r['arm'] != 'random'})) or '0'
    return '\n'.join([
        markdown_table(rows, LABELS), '',
        difference_table(rows, baselines, LABELS), '',
        f'{bench.setting}, {epochs} pretraining epochs. Accuracies in %; '
        'mean ± half-width of the 95 % '
        'Student-t interval over seeds; Δ = the method minus its baseline '
        'on the same seeds (paired), significant where its interval '
        f'excludes 0. Machine: {machines}. Regenerate: {commands}.'
    ])

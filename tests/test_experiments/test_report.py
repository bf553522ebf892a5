# Copyright (c) mmloc contributors. All rights reserved.
"""The experiment's report: regenerate commands, machines, and the README
blocks that must be exactly what the committed runs aggregate to."""
import os.path as osp

import pytest

from mmloc.experiments import (BENCHMARKS, collect, markers,
                               regenerate_commands, report)

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES, TEXTURED = BENCHMARKS['shapes'], BENCHMARKS['textured']


def test_regenerate_commands_name_the_benchmark_and_seeds():
    """FCN measured on seed 0 only: the main command skips it, a second
    adds it to that seed's finished runs."""
    rows = {
        'random': [dict(arm='random', seed=s, epochs=0) for s in (0, 1, 2)],
        'mocov2': [dict(arm='mocov2', seed=0, epochs=3, fcn_iters=300)] +
        [dict(arm='mocov2', seed=s, epochs=3) for s in (1, 2)],
    }
    base = 'python tools/experiments/localization_effect.py --benchmark ' \
        'textured --arms'
    assert regenerate_commands(TEXTURED, rows) == [
        f'{base} random mocov2 --seeds 0 1 2 --fcn-iters 0 --det-iters 0',
        f'{base} mocov2 --seeds 0 --fcn-iters 300 --det-iters 0'
    ]
    for run in rows['mocov2'][1:]:
        run['fcn_iters'] = 300
    rows['random'][0]['fcn_iters'] = 300  # 3-epoch runs of a 12-epoch
    for run in rows['random'][1:]:  # benchmark were retimed: said so
        run['fcn_iters'] = 300
    shapes = regenerate_commands(SHAPES, rows)
    assert shapes == ['python tools/experiments/localization_effect.py '
                      '--arms random mocov2 --epochs 3 --seeds 0 1 2 '
                      '--fcn-iters 300 --det-iters 0']


def test_transfers_on_some_arms_get_one_command_naming_them():
    """FCN and Mask R-CNN measured on seed 0 of two arms only (the sweep
    arm has none): one more command, just those arms and that seed, with
    both transfers' iterations."""
    rows = {
        arm: [dict(arm=arm, seed=s, epochs=12) for s in (0, 1, 2)]
        for arm in ('random', 'mocov2', 'mocov2_cast_gt_noisy')
    }
    for arm in ('random', 'mocov2'):
        rows[arm][0].update(fcn_iters=300, det_iters=100)
    base = 'python tools/experiments/localization_effect.py --arms'
    assert regenerate_commands(SHAPES, rows) == [
        f'{base} random mocov2 mocov2_cast_gt_noisy --seeds 0 1 2 '
        '--fcn-iters 0 --det-iters 0',
        f'{base} random mocov2 --seeds 0 --fcn-iters 300 --det-iters 100'
    ]


def test_report_names_the_machines_the_runs_ran_on():
    """The table's machine is the one each run recorded, not the one that
    regenerates the table (the figures move with the CPU's kernels)."""
    rows = {'byol': [dict(arm='byol', seed=0, epochs=3, machine='CPU A'),
                     dict(arm='byol', seed=1, epochs=3, machine='CPU A')]}
    assert 'Machine: CPU A. Regenerate' in report(SHAPES, rows)
    rows['byol'].append(dict(arm='byol', seed=2, epochs=3))
    assert 'Machine: CPU A + not recorded.' in report(SHAPES, rows)


RESULTS = osp.join(ROOT, 'projects', 'localization_benchmark', 'results')


@pytest.mark.parametrize('bench', [SHAPES, TEXTURED])
def test_readme_tables_are_the_committed_runs(bench):
    """The blocks in both READMEs are exactly what the committed per-run
    results aggregate to (tables with their intervals and paired
    differences, setting, machine, regenerate command): the published
    figures can be audited run by run."""
    results = osp.join(RESULTS, bench.name)
    if not osp.isdir(results):
        pytest.skip(f'no committed {bench.name} results')
    rows = collect(results, list(bench.arms))
    assert all(sorted(r['seed'] for r in runs) == [0, 1, 2]
               for runs in rows.values())
    text = report(bench, rows)
    start, end = markers(bench)
    for readme in ('README.md',
                   osp.join('projects', 'localization_benchmark',
                            'README.md')):
        with open(osp.join(ROOT, readme)) as f:
            content = f.read()
        block = content.split(start)[1].split(end)[0]
        assert block == f'\n{text}\n', readme

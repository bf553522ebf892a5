# Copyright (c) mmloc contributors. All rights reserved.
"""tools/experiments/localization_effect.py: its benchmarks' configs and
its report."""
import importlib.util
import os.path as osp

import pytest
from mmengine.config import Config

from mmloc.experiments import BASELINES, BENCHMARKS, collect

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES, TEXTURED = BENCHMARKS['shapes'], BENCHMARKS['textured']


@pytest.fixture(scope='module')
def tool():
    path = osp.join(ROOT, 'tools', 'experiments', 'localization_effect.py')
    spec = importlib.util.spec_from_file_location('localization_effect', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cfg(path):
    return Config.fromfile(osp.join(ROOT, path))


@pytest.mark.parametrize('bench,budget', [(SHAPES, (12, 32, 18, 32)),
                                          (TEXTURED, (3, 32, 18, 64))])
def test_arms_share_one_budget(bench, budget):
    """Same compute for every arm: epochs, batch, depth, width."""
    seen = set()
    for arm, path in bench.arms.items():
        if path is None:
            continue
        cfg = _cfg(path)
        backbone = cfg.model.backbone
        seen.add((cfg.train_cfg.max_epochs, cfg.train_dataloader.batch_size,
                  backbone.depth, backbone.get('base_channels', 64)))
        # every scheduler ends with the training
        assert max(s['end'] for s in cfg.param_scheduler) == budget[0], arm
        assert cfg.default_hooks.checkpoint.interval == budget[0], arm
    assert seen == {budget}


def test_every_method_has_its_baseline_in_the_benchmark():
    for bench in (SHAPES, TEXTURED):
        for arm in bench.arms:
            if arm != 'random':
                assert BASELINES[arm] in bench.arms, (bench.name, arm)
        for arms in bench.sweep.values():
            assert all(a in bench.arms and a in bench.prior_dirs
                       for a in arms)


def _pipeline_and_rest(path):
    cfg = _cfg(path).to_dict()
    loader = cfg.pop('train_dataloader')
    dataset = loader['dataset']
    pipe = dataset.pop('pipeline')
    return cfg, loader, pipe


def _prior_roots(pipe):
    return [(i, {k: v for k, v in step.items() if k.endswith('_root')})
            for i, step in enumerate(pipe)
            if step['type'] in ('LoadSaliencyMap', 'LoadSegments')]


@pytest.mark.parametrize('bench,base,variants', [
    (TEXTURED, 'mocov2_cast', ['mocov2_cast_gt']),
    (SHAPES, 'mocov2_cast', ['mocov2_cast_gt', 'mocov2_cast_gt_noisy',
                             'mocov2_cast_gt_dilated']),
    (SHAPES, 'detconb_fh', ['detconb_gt', 'detconb_gt_noisy',
                            'detconb_gt_dilated']),
])
def test_prior_arms_differ_only_by_their_prior(bench, base, variants):
    """The sweep's arms are their method's arm with another prior folder;
    nothing else (model, views, schedule) changes, and the folder is the
    one the benchmark measures the prior's quality on."""
    cfg, loader, pipe = _pipeline_and_rest(bench.arms[base])
    for arm in variants:
        other_cfg, other_loader, other_pipe = _pipeline_and_rest(
            bench.arms[arm])
        assert other_cfg == cfg and other_loader == loader, arm
        assert len(pipe) == len(other_pipe), arm
        roots = dict(_prior_roots(other_pipe))
        for step, (a, b) in enumerate(zip(pipe, other_pipe)):
            if step not in roots:
                assert a == b, (arm, step)
        if arm in bench.prior_dirs:
            (step, found), = roots.items()
            root = found.get('map_root') or found['seg_root']
            assert root.rstrip('/') == osp.join(bench.prior_root,
                                                bench.prior_dirs[arm][0]), arm


def test_regenerate_commands_name_the_benchmark_and_seeds(tool):
    """FCN measured on seed 0 only: the main command skips it, a second
    adds it to that seed's finished runs."""
    rows = {
        'random': [dict(arm='random', seed=s, epochs=0) for s in (0, 1, 2)],
        'mocov2': [dict(arm='mocov2', seed=0, epochs=3, fcn_iters=300)] +
        [dict(arm='mocov2', seed=s, epochs=3) for s in (1, 2)],
    }
    base = 'python tools/experiments/localization_effect.py --benchmark ' \
        'textured --arms random mocov2 --seeds'
    assert tool.regenerate_commands(TEXTURED, rows) == [
        f'{base} 0 1 2 --fcn-iters 0 --det-iters 0',
        f'{base} 0 --fcn-iters 300'
    ]
    for run in rows['mocov2'][1:]:
        run['fcn_iters'] = 300
    # 3-epoch runs of a 12-epoch benchmark were retimed: the command says so
    shapes = tool.regenerate_commands(SHAPES, rows)
    assert shapes == ['python tools/experiments/localization_effect.py '
                      '--arms random mocov2 --epochs 3 --seeds 0 1 2 '
                      '--fcn-iters 300 --det-iters 0']


def test_report_names_the_machines_the_runs_ran_on(tool, monkeypatch):
    """The table's machine is the one each run recorded, not the one that
    regenerates the table (the figures move with the CPU's kernels)."""
    monkeypatch.setattr(tool, 'machine_line', lambda: 'machine: Here')
    rows = {'byol': [dict(arm='byol', seed=0, epochs=3, machine='CPU A'),
                     dict(arm='byol', seed=1, epochs=3, machine='CPU A')]}
    assert 'Machine: CPU A. Regenerate' in tool.report(SHAPES, rows)
    rows['byol'].append(dict(arm='byol', seed=2, epochs=3))
    assert 'Machine: CPU A + not recorded.' in tool.report(SHAPES, rows)


def test_unknown_arm_is_refused(tool, capsys):
    with pytest.raises(SystemExit):
        tool.parse_args(['--benchmark', 'textured', '--arms',
                         'detconb_gt_noisy'])
    assert 'not arms of the textured benchmark' in capsys.readouterr().err
    args = tool.parse_args([])
    assert args.benchmark == 'shapes' and args.arms == list(SHAPES.arms)
    assert args.work_dir.endswith('localization_effect/shapes')


RESULTS = osp.join(ROOT, 'projects', 'localization_benchmark', 'results')


@pytest.mark.parametrize('bench', [SHAPES, TEXTURED])
def test_readme_tables_are_the_committed_runs(tool, bench):
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
    text = tool.report(bench, rows)
    start, end = tool.markers(bench)
    for readme in ('README.md',
                   osp.join('projects', 'localization_benchmark',
                            'README.md')):
        with open(osp.join(ROOT, readme)) as f:
            content = f.read()
        block = content.split(start)[1].split(end)[0]
        assert block == f'\n{text}\n', readme

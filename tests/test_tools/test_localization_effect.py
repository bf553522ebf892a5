# Copyright (c) mmloc contributors. All rights reserved.
"""tools/experiments/localization_effect.py: its configs and its table."""
import importlib.util
import json
import os.path as osp

import pytest
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def tool():
    path = osp.join(ROOT, 'tools', 'experiments', 'localization_effect.py')
    spec = importlib.util.spec_from_file_location('localization_effect', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_arms_share_one_budget(tool):
    """Same compute for every arm: epochs, batch, images, resolution."""
    seen = set()
    for arm, path in tool.ARMS.items():
        if path is None:
            continue
        cfg = Config.fromfile(osp.join(ROOT, path))
        loader = cfg.train_dataloader
        seen.add((cfg.train_cfg.max_epochs, loader.batch_size,
                  cfg.model.backbone.depth))
        # every scheduler ends with the training
        assert max(s['end'] for s in cfg.param_scheduler) == 3, arm
        assert cfg.default_hooks.checkpoint.interval == 3, arm
    assert seen == {(3, 32, 18)}


def test_cast_oracle_arm_differs_only_by_its_saliency_maps(tool):
    """The GT-saliency arm is the CAST arm with the oracle maps; nothing
    else (model, views, schedule) changes."""
    cast, oracle = (Config.fromfile(osp.join(ROOT, tool.ARMS[arm])).to_dict()
                    for arm in ('mocov2_cast', 'mocov2_cast_gt'))
    loaders = [c.pop('train_dataloader') for c in (cast, oracle)]
    assert cast == oracle
    pipes = [loader['dataset'].pop('pipeline') for loader in loaders]
    assert loaders[0] == loaders[1]
    assert len(pipes[0]) == len(pipes[1])
    for step, (a, b) in enumerate(zip(*pipes)):
        if a['type'] != 'LoadSaliencyMap':
            assert a == b, step
            continue
        assert a['map_root'].endswith('saliency/fine_grained/')
        assert b['map_root'].endswith('saliency/ground_truth/')
        assert dict(a, map_root=None) == dict(b, map_root=None)


def test_table_mean_and_sample_std(tool, tmp_path):
    for seed, (acc, fcn) in enumerate([(60.0, 30.0), (70.0, None),
                                       (80.0, None)]):
        d = tmp_path / 'byol' / f'seed{seed}'
        d.mkdir(parents=True)
        row = dict(arm='byol', seed=seed, epochs=3, acc_original=acc)
        if fcn is not None:
            row['fcn_miou'] = fcn
        (d / 'results.json').write_text(json.dumps(row))
    rows = tool.collect(str(tmp_path), ['random', 'byol'])
    table = tool.markdown_table(rows)
    lines = table.splitlines()
    # only the measured columns; std of 60/70/80 is 10 (n - 1)
    assert lines[0] == ('| arm | seeds | linear, original | FCN mIoU |')
    assert lines[2] == '| BYOL | 3 | 70.0 ± 10.0 | 30.0 (n=1) |'


def test_readme_block_is_replaced_between_markers(tool, tmp_path):
    readme = tmp_path / 'README.md'
    readme.write_text(f'a\n{tool.README_START}\nold\n{tool.README_END}\nb\n')
    tool.write_readme(str(readme), 'new table')
    assert readme.read_text() == (
        f'a\n{tool.README_START}\nnew table\n{tool.README_END}\nb\n')
    bare = tmp_path / 'bare.md'
    bare.write_text('no markers')
    with pytest.raises(ValueError, match='bare.md: no'):
        tool.write_readme(str(bare), 'x')


def test_regenerate_commands_name_the_seeds_of_each_read_out(tool):
    """FCN measured on seed 0 only: the main command skips it, a second
    adds it to that seed's finished runs."""
    rows = {
        'random': [dict(arm='random', seed=s, epochs=0) for s in (0, 1, 2)],
        'mocov2': [dict(arm='mocov2', seed=0, epochs=3, fcn_iters=300)] +
        [dict(arm='mocov2', seed=s, epochs=3) for s in (1, 2)],
    }
    base = 'python tools/experiments/localization_effect.py --arms ' \
        'random mocov2 --seeds'
    assert tool.regenerate_commands(rows) == [
        f'{base} 0 1 2 --fcn-iters 0 --det-iters 0',
        f'{base} 0 --fcn-iters 300'
    ]
    for run in rows['mocov2'][1:]:
        run['fcn_iters'] = 300
    assert tool.regenerate_commands(rows) == [
        f'{base} 0 1 2 --fcn-iters 300 --det-iters 0'
    ]


def test_report_names_the_machines_the_runs_ran_on(tool, monkeypatch):
    """The table's machine is the one each run recorded, not the one that
    regenerates the table (the figures move with the CPU's kernels)."""
    monkeypatch.setattr(tool, 'machine_line', lambda: 'machine: Here')
    rows = {'byol': [dict(arm='byol', seed=0, epochs=3, machine='CPU A'),
                     dict(arm='byol', seed=1, epochs=3, machine='CPU A')]}
    assert 'Machine: CPU A. Regenerate' in tool.report(rows)
    rows['byol'].append(dict(arm='byol', seed=2, epochs=3))
    assert 'Machine: CPU A + not recorded.' in tool.report(rows)


RESULTS = osp.join(ROOT, 'projects', 'localization_benchmark', 'results')


@pytest.mark.skipif(not osp.isdir(RESULTS), reason='no committed results')
def test_readme_tables_are_the_committed_runs(tool):
    """The blocks in both READMEs are exactly what the committed per-run
    results aggregate to (table, setting, machine, regenerate command): the
    published figures can be audited run by run."""
    rows = tool.collect(RESULTS, list(tool.ARMS))
    assert sorted(rows) == sorted(tool.ARMS)
    assert all(sorted(r['seed'] for r in runs) == [0, 1, 2]
               for runs in rows.values())
    text = tool.report(rows)
    for readme in ('README.md',
                   osp.join('projects', 'localization_benchmark',
                            'README.md')):
        with open(osp.join(ROOT, readme)) as f:
            content = f.read()
        block = content.split(tool.README_START)[1].split(tool.README_END)[0]
        assert block == f'\n{text}\n', readme

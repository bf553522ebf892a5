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

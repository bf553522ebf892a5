# Copyright (c) mmloc contributors. All rights reserved.
"""Every config parses, builds its model in the mmloc scope, and follows the
naming convention."""
import glob
import os.path as osp
import re

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

import mmloc  # noqa: F401
from mmloc.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(
    p for p in glob.glob(osp.join(ROOT, 'configs', '*', '*.py'))
    if '_base_' not in p)
NAME = re.compile(r'^[a-z0-9]+_[a-z0-9]+_\d+xb\d+-[a-z0-9-]+_[a-z0-9-]+\.py$')


def test_configs_exist():
    names = {osp.basename(p) for p in CONFIGS}
    for algo in ('mocov2', 'byol', 'simclr'):
        assert any(n.startswith(f'{algo}_resnet50_') for n in names)
        assert any(
            n.startswith(f'{algo}_resnet18_') and 'synthetic' in n
            for n in names)


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_builds(path):
    assert NAME.match(osp.basename(path)), osp.basename(path)
    cfg = Config.fromfile(path)
    assert cfg.default_scope == 'mmloc'
    assert cfg.default_hooks.checkpoint.backend_args == dict(
        backend='atomic_local')
    assert dict(type='CheckInvalidLossHook', interval=1) in cfg.custom_hooks
    with DefaultScope.overwrite_default_scope('mmloc'):
        model = MODELS.build(cfg.model)
    assert type(model).__name__ == cfg.model.type


@pytest.mark.parametrize(
    'path', [p for p in CONFIGS if 'synthetic' in p], ids=osp.basename)
def test_tiny_config_forward(path):
    """The tiny models take a (2 views x B) batch at the configured size."""
    cfg = Config.fromfile(path)
    view = cfg.train_dataloader.dataset.pipeline[1].transforms[0][0]
    size = view.scale
    assert size in (64, 96)
    with DefaultScope.overwrite_default_scope('mmloc'):
        model = MODELS.build(cfg.model)
    imgs = [torch.randn(4, 3, size, size) for _ in range(2)]
    losses = model.loss(imgs, [None] * 4)
    loss = sum(v for k, v in losses.items() if k.startswith('loss'))
    assert torch.isfinite(loss)

# Copyright (c) mmloc contributors. All rights reserved.
import json
import os.path as osp

import pytest
from mmengine.config import Config

from mmloc.benchmarks import iteration_times, redirect_data

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CAST = 'configs/cast/cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py'


def _strings(node):
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, (list, tuple)):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_redirect_moves_images_and_priors():
    cfg = Config.fromfile(osp.join(ROOT, CAST))
    old = cfg.train_dataloader.dataset.data_root
    cfg = redirect_data(cfg, '/tmp/elsewhere', iters=7, batch_size=4)
    loader = cfg.train_dataloader
    strings = _strings(loader.to_dict())
    assert not [s for s in strings if s.startswith(old)]
    assert loader.dataset.data_root == '/tmp/elsewhere/'
    saliency = [
        t for t in loader.dataset.pipeline if t['type'] == 'LoadSaliencyMap'
    ][0]
    assert saliency['map_root'].startswith('/tmp/elsewhere/saliency/')
    assert saliency['img_root'] == '/tmp/elsewhere/'
    assert loader.sampler.type == 'InfiniteSampler'
    assert loader.batch_size == 4
    assert cfg.train_cfg == dict(type='IterBasedTrainLoop', max_iters=7)
    assert 'val_dataloader' not in cfg and cfg.param_scheduler == []
    assert cfg.default_hooks.checkpoint.interval == 8
    assert cfg.default_hooks.checkpoint.by_epoch is False
    assert cfg.log_processor.by_epoch is False


def test_redirect_needs_a_data_root():
    cfg = Config(dict(train_dataloader=dict(dataset=dict(type='X'))))
    with pytest.raises(KeyError, match='no data_root'):
        redirect_data(cfg, '/tmp/x', 3)


def test_iteration_times(tmp_path):
    path = tmp_path / 'scalars.json'
    rows = [dict(lr=0.1, time=9.0, data_time=9.0, step=1)]  # skipped
    rows += [
        dict(time=t, data_time=d, step=i + 2)
        for i, (t, d) in enumerate([(1.0, 0.1), (3.0, 0.2), (2.0, 0.6)])
    ]
    rows.append(dict(loss=1.0, step=5))  # not an iteration-time row
    path.write_text('\n'.join(json.dumps(r) for r in rows))
    got = iteration_times(str(path), skip=1)
    assert got == dict(
        iterations=3, time=2.0, data_time=0.2, data_share=pytest.approx(0.1))
    with pytest.raises(
            ValueError, match='4 logged iterations, need more '
            'than 4'):
        iteration_times(str(path), skip=4)

# Copyright (c) mmloc contributors. All rights reserved.
"""The read-out configs of the shape benchmark
(projects/localization_benchmark/configs/: Grad-CAM grounding data, the
probe classifier, the FCN and Mask R-CNN transfers): each is its textured
counterpart with the shapes' data roots, 128 px instead of 96 and the
half-width ResNet-18 of ``_base_/shapes-128px.py``, every ``in_channels``
that follows the width changed with it, and nothing else."""
import fnmatch
import importlib
import os.path as osp
from functools import lru_cache

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

import mmloc.models  # noqa: F401
from mmloc.experiments.benchmarks import BENCHMARKS
from mmloc.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES, TEXTURED = BENCHMARKS['shapes'], BENCHMARKS['textured']
SHAPES_ROOT, TEXTURED_ROOT = 'data/synthetic-shapes/', 'data/synthetic/'
# Benchmark attribute -> (keys allowed to differ from the textured config
# once the data roots are swapped and, with ``resized``, the sizes scaled
# 96 -> 128: the width and what depends on it; resized)
WIDTH = ['model.backbone.stem_channels', 'model.backbone.base_channels']
CONFIGS = {
    'grounding_data': ([], False),
    'probe_cls_cfg': (WIDTH + ['model.head.in_channels'], True),
    'fcn_cfg':
    (WIDTH +
     ['model.decode_head.in_channels', 'model.auxiliary_head.in_channels'],
     True),
    # the textured resizing (short side 128..160) is kept
    'det_cfg': (WIDTH + ['model.neck.in_channels.*'], False),
}
# the keys holding an image / crop size, and the textured sizes (96 px, a
# 4:1 resize bound) scaled to 128 px
SIZE_KEYS = ('scale', 'crop_size', 'size')
RESIZED = {96: 128, 384: 512}
MISSING = object()


@lru_cache(maxsize=None)
def _load(path: str) -> Config:
    return Config.fromfile(osp.join(ROOT, path))


@lru_cache(maxsize=None)
def _shapes_vars() -> Config:
    return _load('projects/localization_benchmark/configs/_base_/'
                 'shapes-128px.py')


def _ids(attr: str) -> str:
    return osp.basename(getattr(SHAPES, attr))[:-3]


def _map(node, fn, key=None):
    """``node`` with every leaf ``x`` (under dict key ``key``) replaced by
    ``fn(key, x)``; tuples become lists."""
    if isinstance(node, dict):
        return {k: _map(v, fn, k) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_map(v, fn, key) for v in node]
    return fn(key, node)


def _as_shapes(key, value, resized: bool):
    """A textured leaf as the shapes config should have it."""
    if isinstance(value, str):
        return value.replace(TEXTURED_ROOT, SHAPES_ROOT)
    if resized and key in SIZE_KEYS and isinstance(value, int):
        return RESIZED.get(value, value)
    return value


def _flatten(node, prefix=''):
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _flatten(value, f'{prefix}{key}.')
    elif isinstance(node, list) and node:
        for i, value in enumerate(node):
            yield from _flatten(value, f'{prefix}{i}.')
    else:
        yield prefix[:-1], node


def _strings(node):
    return [
        v for _, v in _flatten(_map(node, lambda k, v: v))
        if isinstance(v, str)
    ]


def _build(cfg: dict, scope: str) -> torch.nn.Module:
    if scope == 'mmloc':
        registry = MODELS
    else:
        importlib.import_module(f'{scope}.utils').register_all_modules(
            init_default_scope=False)
        registry = importlib.import_module(f'{scope}.registry').MODELS
    with DefaultScope.overwrite_default_scope(scope):
        model = registry.build(cfg)
    model.eval()  # (mmdet's ResNet.train returns None)
    return model


def test_the_experiment_uses_them():
    assert SHAPES.probe_cls_cfg == ('projects/localization_benchmark/configs/'
                                    'resnet18-w32_linear_synthetic-shapes-'
                                    '128px.py')
    for attr in CONFIGS:
        assert osp.isfile(osp.join(ROOT, getattr(SHAPES, attr))), attr
        assert osp.isfile(osp.join(ROOT, getattr(TEXTURED, attr))), attr


@pytest.mark.parametrize('attr', CONFIGS, ids=_ids)
def test_differs_from_textured_only_where_intended(attr):
    """Swap the textured config's data roots for the shapes' (and scale its
    sizes 96 -> 128): what still differs is the width alone."""
    allowed, resized = CONFIGS[attr]
    # the shapes_* variables of the benchmark's base are not settings
    mine = {
        k: v
        for k, v in _flatten(
            _map(_load(getattr(SHAPES, attr)).to_dict(), lambda k, v: v))
        if not k.startswith('shapes_')
    }
    theirs = dict(
        _flatten(
            _map(
                _load(getattr(TEXTURED, attr)).to_dict(),
                lambda k, v: _as_shapes(k, v, resized))))
    changed = {
        k
        for k in set(mine) | set(theirs)
        if mine.get(k, MISSING) != theirs.get(k, MISSING)
    }
    assert {
        k
        for k in changed
        if not any(fnmatch.fnmatchcase(k, p) for p in allowed)
    } == set()
    assert all(
        any(fnmatch.fnmatchcase(k, p) for k in changed)
        for p in allowed), (allowed, changed)


@pytest.mark.parametrize('attr', CONFIGS, ids=_ids)
def test_recipe_kept(attr):
    """Optimizer, schedule and evaluators are the textured ones."""
    cfg, twin = _load(getattr(SHAPES, attr)), _load(getattr(TEXTURED, attr))
    for key in ('optim_wrapper', 'param_scheduler', 'train_cfg', 'val_cfg',
                'test_cfg', 'auto_scale_lr', 'randomness', 'default_scope'):
        assert cfg.get(key) == twin.get(key), key
    for key in ('val_evaluator', 'test_evaluator'):
        assert (cfg.get(key) or {}).get('type') == \
            (twin.get(key) or {}).get('type'), key


@pytest.mark.parametrize('attr', CONFIGS, ids=_ids)
def test_data_roots(attr):
    """Every data path the loaders and evaluators read is the shapes' (and
    exists, once `make data` ran)."""
    cfg = _load(getattr(SHAPES, attr))
    used = {
        k: v
        for k, v in cfg.to_dict().items()
        if k.endswith(('_dataloader', '_evaluator'))
    }
    paths = [s for s in _strings(used) if s.startswith('data/')]
    assert paths and all(p.startswith(SHAPES_ROOT) for p in paths), paths
    if not osp.isdir(osp.join(ROOT, SHAPES_ROOT)):
        pytest.skip(f'{SHAPES_ROOT} not made')
    for path in paths:
        assert osp.exists(osp.join(ROOT, path)), path


def test_backbone_width_is_the_benchmarks():
    """The read-outs' backbone is the one every arm pretrains."""
    width = _shapes_vars().shapes_width
    arm = _load(SHAPES.backbone_cfg).model.backbone
    assert (arm.stem_channels, arm.base_channels) == (width, width)
    for attr in ('probe_cls_cfg', 'fcn_cfg', 'det_cfg'):
        backbone = _load(getattr(SHAPES, attr)).model.backbone
        assert (backbone.depth, backbone.stem_channels,
                backbone.base_channels) == (18, width, width), attr


def test_probe_classifier_forward():
    cfg = _load(SHAPES.probe_cls_cfg)
    assert cfg.model.head.in_channels == _shapes_vars().shapes_feat_dim
    crop = cfg.train_dataloader.dataset.pipeline[1]
    assert (crop.type, crop.scale) == ('RandomResizedCrop', 128)
    model = _build(cfg.model, 'mmloc')
    with torch.no_grad():
        feats = model.extract_feat(torch.zeros(1, 3, 128, 128))
        logits = model(torch.zeros(1, 3, 128, 128), mode='tensor')
    assert feats[-1].shape == (1, 8 * _shapes_vars().shapes_width)
    assert logits.shape == (1, 10)


def test_fcn_forward():
    cfg = _load(SHAPES.fcn_cfg)
    assert cfg.crop_size == cfg.model.data_preprocessor.size == (128, 128)
    model = _build(cfg.model, 'mmseg')
    with torch.no_grad():
        feats = model.extract_feat(torch.zeros(1, 3, 128, 128))
        assert [f.shape[1] for f in feats
                ] == _shapes_vars().shapes_stage_channels
        assert feats[-1].shape[-2:] == (16, 16)  # D8
        for head in (model.decode_head, model.auxiliary_head):
            assert head(feats).shape == (1, 11, 16, 16)


def test_mask_rcnn_backbone_matches_fpn():
    cfg = _load(SHAPES.det_cfg)
    width = _shapes_vars().shapes_width
    assert cfg.model.neck.in_channels == [width, 2 * width, 4 * width,
                                          8 * width]
    backbone = _build(cfg.model.backbone, 'mmdet')
    with torch.no_grad():
        feats = backbone(torch.zeros(1, 3, 128, 128))
    assert [f.shape[1] for f in feats] == cfg.model.neck.in_channels

# Copyright (c) mmloc contributors. All rights reserved.
"""The DetCon configs state the reference's recipe (METHODS §2), load the
masks their names promise, and the tiny ones differ from their baselines
only by DetCon."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DETCON = sorted(glob.glob(osp.join(ROOT, 'configs', 'detcon', '*.py')))
R50 = [p for p in DETCON if '_resnet50_' in p]
TINY = [p for p in DETCON if '_resnet18_' in p]


def _pipeline(cfg: Config) -> list:
    return cfg.train_dataloader.dataset.pipeline


def _views(cfg: Config) -> list:
    view = next(t for t in _pipeline(cfg) if t.type == 'MultiView')
    return view.transforms


def _masks(path: str) -> str:
    name = osp.basename(path)[:-3]
    return 'grid' if name.endswith('grid') else 'gt' if name.endswith(
        'gt') else 'fh'


@pytest.mark.parametrize('path', DETCON, ids=osp.basename)
def test_detcon_config_loads_its_masks(path):
    """[image, segments of the named source, 2 views, pack], and the
    preprocessor requires the segments."""
    cfg = Config.fromfile(path)
    types = [t.type for t in _pipeline(cfg)]
    assert types == [
        'LoadImageFromFile', 'LoadSegments', 'MultiView', 'PackLocInputs'
    ]
    loader = _pipeline(cfg)[1]
    masks = _masks(path)
    coco = '_coco' in path
    if masks == 'fh':
        assert loader.source == 'file' and 'fh_masks' in loader.seg_root
    elif masks == 'grid':
        assert loader.source == 'grid' and loader.grid_size == 4
    elif coco:
        assert loader.source == 'coco'
        assert cfg.train_dataloader.dataset.type == 'mmdet.CocoDataset'
    else:
        assert loader.source == 'file' and 'gt_masks' in loader.seg_root
    assert loader.get('on_missing', 'error') == 'error'
    pre = cfg.data_preprocessor
    assert pre.type == 'LocDataPreprocessor' and 'segments' in pre.require
    assert pre.mean == [123.675, 116.28, 103.53] and pre.to_rgb
    assert len(_views(cfg)) in (1, 2)


@pytest.mark.parametrize('path', R50, ids=osp.basename)
def test_detcon_reference_recipe(path):
    """16 x 256 images, LARS 0.2 x 4096 / 256, wd 1.5e-6 without norms and
    biases, warm-up + cosine, BYOL's asymmetric views at 224, the
    reference's heads, tau 0.1, 16 masks, EMA 0.996."""
    cfg = Config.fromfile(path)
    name = osp.basename(path)
    assert cfg.train_dataloader.batch_size == 256 and '_16xb256-' in name
    assert cfg.auto_scale_lr.base_batch_size == 16 * 256
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.weight_decay) == ('LARS', 0.2 * 16, 1.5e-6)
    keys = cfg.optim_wrapper.paramwise_cfg.custom_keys
    for key in ('bn', 'bias', 'downsample.1'):
        assert keys[key] == dict(decay_mult=0, lars_exclude=True)
    epochs = 300 if '-300e_' in name else 1000
    assert cfg.train_cfg.max_epochs == epochs
    warmup, cosine = cfg.param_scheduler
    assert (warmup.type, warmup.end) == ('LinearLR', 10)
    assert (cosine.type, cosine.begin, cosine.end) == ('CosineAnnealingLR',
                                                       10, epochs)
    # views: RRC 224 (area 0.08..1), flip, blur p 1.0 / 0.1, solarise 0 / 0.2
    views = _views(cfg)
    assert len(views) == 2
    for steps in views:
        assert steps[0].type == 'RandomResizedCrop' and steps[0].scale == 224
        assert tuple(steps[0].get('crop_ratio_range',
                                  (0.08, 1.0))) == (0.08, 1.0)
        assert [t.prob for t in steps if t.type == 'RandomFlip'] == [0.5]
    blur = [[t.prob for t in v if t.type == 'GaussianBlur'] for v in views]
    solar = [[t.prob for t in v if t.type == 'Solarize'] for v in views]
    assert blur == [[1.0], [0.1]] and solar == [[0.0], [0.2]]

    model = cfg.model
    assert model.num_samples == 16 and model.backbone.depth == 50
    assert (model.neck.type, model.neck.in_channels, model.neck.hid_channels,
            model.neck.out_channels) == ('DetConNeck', 2048, 4096, 256)
    assert model.neck.norm_cfg == dict(type='SyncBN')
    loss = model.head.loss
    assert (loss.type, loss.temperature) == ('DetConLoss', 0.1)
    if name.startswith('detconb_'):
        assert model.type == 'DetConB'
        assert abs(model.base_momentum - (1 - 0.996)) < 1e-12
        pred = model.head.predictor
        assert (pred.in_channels, pred.hid_channels, pred.out_channels,
                pred.with_bias, pred.with_last_bn,
                pred.with_avg_pool) == (256, 4096, 256, True, False, False)
        assert not loss.get('gather_with_grad', False)
    else:
        assert model.type == 'DetConS'
        assert model.head.get('predictor') is None
        assert loss.gather_with_grad


@pytest.mark.parametrize('path', TINY, ids=osp.basename)
def test_tiny_detcon_matches_its_baseline(path):
    """Tiny DetConB / DetConS is the tiny BYOL / SimCLR config but for the
    model's neck and head, the mask loader and the preprocessor."""
    name = osp.basename(path)
    algo = 'byol' if name.startswith('detconb_') else 'simclr'
    base = Config.fromfile(
        osp.join(ROOT, 'configs', algo,
                 f'{algo}_resnet18_1xb32-coslr-20e_synthetic-96px.py'))
    cfg = Config.fromfile(path)
    for key in ('optim_wrapper', 'param_scheduler', 'train_cfg',
                'default_hooks', 'custom_hooks', 'randomness'):
        assert cfg[key] == base[key], key
    assert cfg.model.backbone == base.model.backbone
    assert cfg.model.get('base_momentum') == base.model.get('base_momentum')
    assert _views(cfg) == _views(base)
    dataset, base_dataset = (cfg.train_dataloader.dataset.to_dict(),
                             base.train_dataloader.dataset.to_dict())
    dataset.pop('pipeline'), base_dataset.pop('pipeline')
    assert dataset == base_dataset
    assert cfg.train_dataloader.batch_size == base.train_dataloader.batch_size

# Copyright (c) mmloc contributors. All rights reserved.
"""The fine-grained benchmark configs (configs/benchmarks/classification/
{cub,stanford_cars}/): every one builds its model in the mmloc scope, loads
its backbone from a pretraining checkpoint, and states the recipe its header
describes. (The ImageNet probes, whose test set is the Backgrounds
Challenge, are tested in tests/test_tools/test_backgrounds_challenge.py.)"""
import glob
import os.path as osp
import re

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmpretrain.structures import DataSample
from torch.nn.modules.batchnorm import _BatchNorm

import mmloc.models  # noqa: F401
from mmloc.datasets.synthetic.classes import SYNTHETIC_CLASSES
from mmloc.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BENCH = osp.join(ROOT, 'configs', 'benchmarks', 'classification')
FINE_GRAINED = ('cub', 'stanford_cars')
CONFIGS = sorted(
    p for p in glob.glob(osp.join(BENCH, '*', '*.py'))
    if osp.basename(osp.dirname(p)) in FINE_GRAINED)
R50 = [p for p in CONFIGS if osp.basename(p).startswith('resnet50_')]
TINY = [p for p in CONFIGS if 'synthetic' in osp.basename(p)]
# {backbone}_{N}xb{B}-[linear-]{sched}-{E}e_{data}.py, mmpretrain's benchmarks
NAME = re.compile(r'^resnet(18|50)_\d+xb\d+-(linear-)?coslr-\d+e_'
                  r'[a-z0-9-]+\.py$')
# per dataset folder: the real set's (type, data_root, classes) and the
# synthetic layout's data_root
DATASETS = {
    'cub': ('CUB', 'data/CUB_200_2011/', 200, 'data/synthetic/CUB_200_2011/'),
    'stanford_cars': ('StanfordCars', 'data/stanford_cars/', 196,
                      'data/synthetic/stanford_cars/'),
}
# (type, lr, momentum, weight decay, nesterov) at 8 x 32
FINETUNE_SGD = ('SGD', 0.04, 0.9, 5e-4, True)
LINEAR_SGD = ('SGD', 0.3, 0.9, 1e-6, False)


def _ids(path: str) -> str:
    return osp.basename(path)[:-3]


def _is_linear(path: str) -> bool:
    return '-linear-' in osp.basename(path)


def _dataset(path: str) -> str:
    return osp.basename(osp.dirname(path))


def _build(cfg: Config):
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(cfg.model)


def _sgd(cfg: Config) -> tuple:
    opt = cfg.optim_wrapper.optimizer
    return (opt.type, opt.lr, opt.momentum, opt.weight_decay,
            opt.get('nesterov', False))


def _r50_twin(path: str) -> str:
    """The R50 config a tiny config scales down."""
    name = osp.basename(path)
    real = 'cub' if _dataset(path) == 'cub' else 'stanford-cars'
    linear = '-linear' if _is_linear(path) else ''
    twin = osp.join(
        osp.dirname(path), f'resnet50_8xb32{linear}-coslr-100e_{real}.py')
    assert twin in R50, name
    return twin


def test_configs_exist():
    names = {osp.relpath(p, BENCH) for p in CONFIGS}
    assert names == {
        'cub/resnet50_8xb32-coslr-100e_cub.py',
        'cub/resnet50_8xb32-linear-coslr-100e_cub.py',
        'cub/resnet18_1xb16-coslr-20e_synthetic-cub.py',
        'cub/resnet18_1xb16-linear-coslr-20e_synthetic-cub.py',
        'stanford_cars/resnet50_8xb32-coslr-100e_stanford-cars.py',
        'stanford_cars/resnet50_8xb32-linear-coslr-100e_stanford-cars.py',
        'stanford_cars/resnet18_1xb16-coslr-20e_synthetic-cars.py',
        'stanford_cars/resnet18_1xb16-linear-coslr-20e_synthetic-cars.py',
    }


@pytest.mark.parametrize('path', CONFIGS, ids=_ids)
def test_config_builds(path):
    """mmloc's runtime, an ImageClassifier built in the mmloc scope, the
    backbone initialised from the ``backbone.`` keys of a checkpoint."""
    assert NAME.match(osp.basename(path)), osp.basename(path)
    cfg = Config.fromfile(path)
    assert cfg.default_scope == 'mmloc'
    assert cfg.default_hooks.checkpoint.backend_args == dict(
        backend='atomic_local')
    assert dict(type='CheckInvalidLossHook', interval=1) in cfg.custom_hooks
    init = cfg.model.backbone.init_cfg
    assert init.type == 'Pretrained' and init.prefix == 'backbone.'
    # a placeholder until set on the command line
    assert init.checkpoint and not osp.exists(init.checkpoint)
    model = _build(cfg)
    assert type(model).__name__ == 'ImageClassifier' == cfg.model.type
    depth = cfg.model.backbone.depth
    assert model.backbone.depth == depth
    assert model.head.fc.in_features == {18: 512, 50: 2048}[depth]
    assert model.head.fc.out_features == cfg.data_preprocessor.num_classes
    assert cfg.val_evaluator == dict(type='Accuracy', topk=(1, 5))
    assert cfg.test_evaluator == cfg.val_evaluator


@pytest.mark.parametrize('path', R50, ids=_ids)
def test_r50_recipe(path):
    """ResNet-50 at 224 px, 8 x 32, 100 epochs with a cosine schedule;
    fine-tuning: SGD Nesterov lr 0.04 wd 5e-4 after 5 warm-up epochs; linear
    probe: frozen backbone, SGD lr 0.3 wd 1e-6."""
    cfg = Config.fromfile(path)
    data_type, data_root, num_classes, _ = DATASETS[_dataset(path)]
    assert cfg.model.backbone.depth == 50
    assert cfg.model.head.num_classes == num_classes
    assert cfg.data_preprocessor.num_classes == num_classes
    assert cfg.data_preprocessor.to_rgb
    assert cfg.data_preprocessor.mean == [123.675, 116.28, 103.53]

    train, val = cfg.train_dataloader, cfg.val_dataloader
    assert train.batch_size * 8 == 256 == cfg.auto_scale_lr.base_batch_size
    for loader, split in ((train, 'train'), (val, 'test'),
                          (cfg.test_dataloader, 'test')):
        assert (loader.dataset.type, loader.dataset.data_root,
                loader.dataset.split) == (data_type, data_root, split)
    assert [t.type for t in train.dataset.pipeline] == [
        'LoadImageFromFile', 'RandomResizedCrop', 'RandomFlip', 'PackInputs'
    ]
    assert train.dataset.pipeline[1].scale == 224
    assert train.dataset.pipeline[2].prob == 0.5
    test = val.dataset.pipeline
    assert [t.type for t in test] == [
        'LoadImageFromFile', 'ResizeEdge', 'CenterCrop', 'PackInputs'
    ]
    assert (test[1].scale, test[1].edge, test[2].crop_size) == (256, 'short',
                                                                224)

    assert cfg.train_cfg.type == 'EpochBasedTrainLoop'
    assert cfg.train_cfg.max_epochs == 100
    cosine = cfg.param_scheduler[-1]
    assert cosine.type == 'CosineAnnealingLR' and cosine.end == 100
    assert cosine.T_max == cosine.end - cosine.begin
    backbone = cfg.model.backbone
    if _is_linear(path):
        assert _sgd(cfg) == LINEAR_SGD
        assert len(cfg.param_scheduler) == 1 and cosine.begin == 0
        assert backbone.frozen_stages == 4 and backbone.norm_eval is True
    else:
        assert _sgd(cfg) == FINETUNE_SGD
        warmup = cfg.param_scheduler[0]
        assert (warmup.type, warmup.begin, warmup.end) == ('LinearLR', 0, 5)
        assert cosine.begin == 5
        assert backbone.get('frozen_stages', -1) == -1
        assert not backbone.get('norm_eval', False)


@pytest.mark.parametrize('path', TINY, ids=_ids)
def test_tiny_config_scales_its_r50_twin(path):
    """A tiny config is its R50 config with ResNet-18, the synthetic layout
    (10 classes, 64 px), batch 16 with the lr scaled linearly, 20 epochs."""
    cfg, twin = Config.fromfile(path), Config.fromfile(_r50_twin(path))
    _, _, _, synthetic_root = DATASETS[_dataset(path)]
    assert cfg.model.backbone.depth == 18
    assert cfg.model.head.in_channels == 512
    assert cfg.model.head.num_classes == 10 == len(SYNTHETIC_CLASSES)
    assert cfg.data_preprocessor.num_classes == 10
    for key in ('type', 'style', 'num_stages', 'out_indices', 'init_cfg',
                'frozen_stages', 'norm_eval'):
        assert cfg.model.backbone.get(key) == twin.model.backbone.get(key)
    assert cfg.model.neck == twin.model.neck
    assert cfg.model.head.type == twin.model.head.type

    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        loader, real = cfg[name], twin[name]
        assert loader.batch_size == 16
        assert loader.dataset.type == real.dataset.type
        assert loader.dataset.split == real.dataset.split
        assert loader.dataset.data_root == synthetic_root
        assert tuple(
            loader.dataset.metainfo.classes) == tuple(SYNTHETIC_CLASSES)
        assert [t.type for t in loader.dataset.pipeline
                ] == [t.type for t in real.dataset.pipeline]
    assert cfg.train_dataloader.dataset.pipeline[1].scale == 64
    assert cfg.val_dataloader.dataset.pipeline[2].crop_size == 64
    assert cfg.val_evaluator == twin.val_evaluator

    opt, real = _sgd(cfg), _sgd(twin)
    assert opt[1] == pytest.approx(real[1] * 16 / 256)
    assert opt[:1] + opt[2:] == real[:1] + real[2:]
    assert cfg.auto_scale_lr.base_batch_size == 16
    assert cfg.train_cfg.max_epochs == 20
    assert [s.type for s in cfg.param_scheduler
            ] == [s.type for s in twin.param_scheduler]
    assert cfg.param_scheduler[-1].end == 20
    assert cfg.custom_hooks == twin.custom_hooks


@pytest.mark.parametrize('path', TINY, ids=_ids)
def test_tiny_model_trains_a_batch(path):
    """A 64 px batch gives a finite loss; a linear probe has gradients in
    its classifier only, and its backbone (BatchNorm included) stays in eval
    mode when the model is put in training mode."""
    cfg = Config.fromfile(path)
    model = _build(cfg)
    model.train()
    samples = [DataSample().set_gt_label(i % 10) for i in range(4)]
    losses = model.loss(torch.randn(4, 3, 64, 64), samples)
    loss = sum(v for k, v in losses.items() if k.startswith('loss'))
    assert torch.isfinite(loss)
    loss.backward()
    backbone = list(model.backbone.parameters())
    head = list(model.head.parameters())
    assert all(p.grad is not None for p in head)
    if _is_linear(path):
        assert not any(p.requires_grad for p in backbone)
        assert all(p.grad is None for p in backbone)
        norms = [
            m for m in model.backbone.modules() if isinstance(m, _BatchNorm)
        ]
        assert norms and not any(m.training for m in norms)
    else:
        assert all(p.requires_grad for p in backbone)
        assert all(p.grad is not None for p in backbone)


def test_linear_r50_freezes_the_backbone():
    path = next(p for p in R50 if _is_linear(p))
    model = _build(Config.fromfile(path))
    model.train()
    assert not any(p.requires_grad for p in model.backbone.parameters())
    assert all(p.requires_grad for p in model.head.parameters())
    assert not any(m.training for m in model.backbone.modules()
                   if isinstance(m, _BatchNorm))

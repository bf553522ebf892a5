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
from mmpretrain.structures import DataSample

import mmloc  # noqa: F401
from mmloc.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
CONFIGS = sorted(
    p for p in glob.glob(osp.join(ROOT, 'configs', '*', '*.py'))
    if '_base_' not in p)
# {algo}_{backbone}_{N}xb{B}-{sched}_{data}.py, with an optional add-on method
# in front of the algorithm it is added to (cast_mocov2_resnet50_...).
NAME = re.compile(r'^(?:[a-z0-9]+_)?[a-z0-9]+_[a-z0-9]+_\d+xb\d+-[a-z0-9-]+_'
                  r'[a-z0-9-]+\.py$')
CAST_CONFIGS = [p for p in CONFIGS if osp.basename(osp.dirname(p)) == 'cast']


def _multi_view(pipeline: list) -> dict:
    """The (first) MultiView transform of a dataset pipeline."""
    return next(t for t in pipeline if t['type'] == 'MultiView')


def test_configs_exist():
    names = {osp.basename(p) for p in CONFIGS}
    for algo in ('mocov2', 'byol', 'simclr'):
        for prefix in ('', 'cast_'):
            assert any(
                n.startswith(f'{prefix}{algo}_resnet50_') for n in names)
            assert any(
                n.startswith(f'{prefix}{algo}_resnet18_') and 'synthetic' in n
                for n in names)
    assert 'cast_mocov2_resnet50_8xb32-coslr-200e_coco.py' in names
    for algo in ('detconb', 'detcons'):
        for variant in ('1000e_in1k', '300e_in1k', '1000e_coco',
                        '1000e_coco-grid', '1000e_coco-gt'):
            assert f'{algo}_resnet50_16xb256-coslr-{variant}.py' in names
        for masks in ('', '-grid', '-gt'):
            assert (f'{algo}_resnet18_1xb32-coslr-20e_synthetic-96px{masks}.py'
                    in names)


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
    pipeline = cfg.train_dataloader.dataset.pipeline
    swap = [t for t in pipeline if t['type'] == 'SaliencySwap']
    # Saliency Swap sets the canvas; otherwise the first view's crop does
    size = swap[0].scale if swap else _multi_view(
        pipeline).transforms[0][0].scale
    assert size in (64, 96)
    with DefaultScope.overwrite_default_scope('mmloc'):
        model = MODELS.build(cfg.model)
    imgs = [torch.randn(4, 3, size, size) for _ in range(2)]
    samples = [None] * 4
    require = cfg.data_preprocessor.get('require', ())
    if 'saliency' in require:
        # a salient square in each view, as LocDataPreprocessor hands it over
        saliency = torch.zeros(2, 1, size, size)
        saliency[:, :, size // 4:size // 2, size // 4:size // 2] = 1
        samples = [DataSample(saliency=saliency) for _ in range(4)]
    if 'segments' in require:
        # DetCon: 2 views of a 2 x 2 grid of ids, as LocDataPreprocessor
        # hands them over
        grid = torch.arange(4).view(2, 2).repeat_interleave(size // 2, 0)
        grid = grid.repeat_interleave(size // 2, 1)
        samples = [
            DataSample(segments=torch.stack([grid, grid.T])) for _ in range(4)
        ]
    losses = model.loss(imgs, samples)
    loss = sum(v for k, v in losses.items() if k.startswith('loss'))
    assert torch.isfinite(loss)


@pytest.mark.parametrize('path', CAST_CONFIGS, ids=osp.basename)
def test_cast_config(path):
    """X + CAST: the stock algorithm, CASTHook next to the runtime's hooks,
    saliency loaded, cropped around the object, packed and required."""
    cfg = Config.fromfile(path)
    assert cfg.model.type in ('MoCo', 'SimCLR', 'BYOL')
    hooks = [h['type'] for h in cfg.custom_hooks]
    assert hooks == ['CheckInvalidLossHook', 'PriorFallbackHook', 'CASTHook']
    cast = cfg.custom_hooks[2]
    assert (cast['alpha'], cast['beta']) == (3.0, 1.0)
    assert cast.get('stage', 'layer4') == 'layer4'
    # the model's own, or the top-level one the runner gives the model
    pre = cfg.model.get('data_preprocessor') or cfg.data_preprocessor
    assert pre.type == 'LocDataPreprocessor'
    assert 'saliency' in pre.require
    # normalised before the key is masked: the background becomes the mean
    assert pre.mean == [123.675, 116.28, 103.53] and pre.to_rgb
    pipeline = cfg.train_dataloader.dataset.pipeline
    types = [t['type'] for t in pipeline]
    assert types == [
        'LoadImageFromFile', 'LoadSaliencyMap', 'MultiView', 'PackLocInputs'
    ]
    loader = pipeline[1]
    assert loader.get('on_missing', 'error') == 'error'
    view = _multi_view(pipeline)
    assert view.num_views == 2 and len(view.transforms) == 1
    steps = view.transforms[0]
    crop = steps[0]
    assert crop.type == 'SaliencyConstrainedCrop'
    assert crop.scale == (96 if 'synthetic' in path else 224)
    assert tuple(crop.get('crop_ratio_range', (0.2, 1.))) == (0.2, 1.)
    assert crop.get('min_cover', 0.2) == 0.2
    # the reference's views: jitter (0.4, 0.4, 0.4, hue 0.4) p=0.5, grey
    # p=0.2, flip p=0.5, no blur
    jitter = next(t for t in steps if t.type == 'RandomApply')
    assert jitter.prob == 0.5
    assert {
        k: jitter.transforms[0][k]
        for k in ('brightness', 'contrast', 'saturation', 'hue')
    } == dict(
        brightness=0.4, contrast=0.4, saturation=0.4, hue=0.4)
    assert [t.prob for t in steps if t.type == 'RandomGrayscale'] == [0.2]
    assert [t.prob for t in steps if t.type == 'RandomFlip'] == [0.5]
    assert not any('Blur' in t.type for t in steps)
    assert cfg.train_dataloader.collate_fn == dict(type='default_collate')


def test_cast_released_settings():
    """The released run (METHODS §1.3) on COCO train2017 with its maps."""
    cfg = Config.fromfile(
        osp.join(ROOT, 'configs', 'cast',
                 'cast_mocov2_resnet50_8xb32-coslr-200e_coco.py'))
    model = cfg.model
    assert model.type == 'MoCo' and model.backbone.depth == 50
    assert model.queue_len == 65536 and model.feat_dim == 128
    assert model.momentum == 0.001  # key momentum 0.999
    assert model.head.temperature == 0.07
    assert model.neck.out_channels == 128
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.5,
                                                                  0.9, 1e-4)
    assert cfg.optim_wrapper.clip_grad == dict(max_norm=2)
    assert [s.type for s in cfg.param_scheduler] == ['CosineAnnealingLR']
    assert cfg.train_cfg.max_epochs == 200
    assert cfg.train_dataloader.batch_size * 8 == 256
    assert cfg.auto_scale_lr.base_batch_size == 256
    data = cfg.train_dataloader.dataset
    assert (data.type, data.data_root, data.data_prefix,
            data.with_label) == ('CustomDataset', 'data/coco/', 'train2017',
                                 False)
    loader = data.pipeline[1]
    assert (loader.map_root, loader.img_root) == ('data/coco/saliency/',
                                                  'data/coco/')
    assert cfg.custom_hooks[-1] == dict(
        type='CASTHook', alpha=3.0, beta=1.0, stage='layer4')


@pytest.mark.parametrize('path', CAST_CONFIGS, ids=osp.basename)
def test_cast_config_matches_its_baseline(path):
    """X + CAST is X's model, optimiser and schedule: only the data, the
    preprocessor and the hooks differ -- and, for the released MoCo run
    (R50), its lr, temperature and clip. Both inherit the same model file,
    so this checks what each config overrides on top of it."""
    name = osp.basename(path)
    algo = name.split('_')[1]
    base_name = name[len('cast_'):].replace('_coco.py', '_in1k.py')
    cast, base = Config.fromfile(path), Config.fromfile(
        osp.join(ROOT, 'configs', algo, base_name))
    model, base_model = cast.model.to_dict(), base.model.to_dict()
    model.pop('data_preprocessor', None)
    optim, base_optim = (cast.optim_wrapper.to_dict(),
                         base.optim_wrapper.to_dict())
    if algo == 'mocov2' and '_resnet50_' in name:
        assert model['head'].pop('temperature') == 0.07
        base_model['head'].pop('temperature')
        assert optim.pop('clip_grad') == dict(max_norm=2)
        assert optim['optimizer'].pop('lr') == 0.5
        base_optim['optimizer'].pop('lr')
    assert model == base_model
    assert optim == base_optim
    assert cast.param_scheduler == base.param_scheduler
    assert cast.train_cfg == base.train_cfg
    assert cast.train_dataloader.batch_size == base.train_dataloader.batch_size
    assert cast.default_hooks == base.default_hooks
    assert cast.randomness == base.randomness

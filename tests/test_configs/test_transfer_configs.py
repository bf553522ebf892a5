# Copyright (c) mmloc contributors. All rights reserved.
"""The detection / segmentation transfer configs
(configs/benchmarks/mmdetection/, configs/benchmarks/mmsegmentation/):
every one loads, builds its model in its framework's scope with the
benchmark recipe's layers, initialises every pretrained module from the
``backbone.`` keys of a checkpoint, and the tiny ones differ from their R50
twin only where a tiny run has to."""
import fnmatch
import glob
import importlib
import os.path as osp
import re

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.utils import import_modules_from_strings
from torch import nn
from torch.nn.modules.batchnorm import _BatchNorm

from mmloc.datasets.synthetic.classes import SYNTHETIC_CLASSES

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
BENCH = osp.join(ROOT, 'configs', 'benchmarks')
CONFIGS = sorted(
    p for p in glob.glob(osp.join(BENCH, 'mmdetection', '*', '*.py')) +
    glob.glob(osp.join(BENCH, 'mmsegmentation', '*', '*.py'))
    if osp.basename(osp.dirname(p)) != '_base_')
TINY = [p for p in CONFIGS if '_synthetic-' in osp.basename(p)]
R50 = [p for p in CONFIGS if p not in TINY]
# {algo}_{backbone}_{N}xb{B}-{N}i_{data}.py (OpenMMLab's naming rule)
TINY_NAME = re.compile(r'^[a-z-]+_r18[a-z0-9_-]*_1xb(?P<batch>\d+)-'
                       r'(?P<iters>\d+)i_synthetic-[a-z0-9-]+\.py$')
# tiny config -> (R50 twin, key patterns it may change besides the common
# ones); the twin's keys are those the tiny run has to change
TWINS = {
    'mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py':
    ('mask-rcnn_r50_fpn_ms-1x_coco.py', [
        'model.backbone.depth', 'model.neck.in_channels',
        'model.neck.out_channels', 'model.rpn_head.*_channels',
        'model.roi_head.*_roi_extractor.out_channels',
        'model.roi_head.*_head.in_channels',
        'model.roi_head.*_head.conv_out_channels',
        'model.roi_head.*_head.num_classes', 'model.train_cfg.rpn_proposal.*',
        'model.train_cfg.rcnn.sampler.num', 'model.test_cfg.rpn.*',
        'model.test_cfg.rcnn.max_per_img', '*_evaluator.ann_file', 'width',
        'log_processor.by_epoch'
    ]),
    'faster-rcnn_r18-c4_1xb4-200i_synthetic-voc.py':
    ('faster-rcnn_r50-c4_ms-24k_voc0712.py', [
        'model.backbone.depth', 'model.rpn_head.*_channels',
        'model.roi_head.shared_head.depth',
        'model.roi_head.bbox_roi_extractor.out_channels',
        'model.roi_head.bbox_roi_extractor.roi_layer.output_size',
        'model.roi_head.bbox_head.in_channels',
        'model.roi_head.bbox_head.roi_feat_size',
        'model.roi_head.bbox_head.num_classes',
        'model.train_cfg.rpn_proposal.*', 'model.train_cfg.rcnn.sampler.num',
        'model.test_cfg.rpn.*', 'model.test_cfg.rcnn.max_per_img'
    ]),
    'fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py':
    ('fcn_r50-d8_4xb4-20k_voc12aug-512x512.py', [
        'model.backbone.depth', 'model.data_preprocessor.size',
        'model.*_head.in_channels', 'model.*_head.channels',
        'model.*_head.num_classes', 'crop_size', 'synthetic_voc.*'
    ]),
    # the benchmark's CityscapesDataset and its 19 classes, kept
    'fcn_r18-d8_1xb8-200i_synthetic-cityscapes-96x96.py':
    ('fcn_r50-d8_4xb2-40k_cityscapes-769x769.py', [
        'model.backbone.depth', 'model.data_preprocessor.size',
        'model.*_head.in_channels', 'model.*_head.channels', 'crop_size',
        'model.test_cfg.crop_size', 'model.test_cfg.stride'
    ]),
}
# What every tiny config changes: data, schedule, logging (the synthetic_*
# pipelines: the shared ones of mmdetection/_base_/synthetic_shapes.py).
TINY_COMMON = [
    'train_dataloader.*', 'val_dataloader.*', 'test_dataloader.*',
    'train_cfg.*', 'param_scheduler', 'optim_wrapper.optimizer.lr',
    'auto_scale_lr.base_batch_size', 'default_hooks.logger.*',
    'default_hooks.checkpoint.*', 'randomness.*', 'train_pipeline',
    'test_pipeline', 'classes', 'data_root', 'metainfo.*', 'max_iters',
    'synthetic_train_pipeline', 'synthetic_test_pipeline'
]
# Pretrained module paths per model type.
PRETRAINED = {
    'MaskRCNN': {'backbone'},
    'FasterRCNN': {'backbone', 'roi_head.shared_head'},
    'EncoderDecoder': {'backbone'},
}


def _ids(path: str) -> str:
    return osp.basename(path)[:-3]


def _scope(path: str) -> str:
    return {
        'mmdetection': 'mmdet',
        'mmsegmentation': 'mmseg'
    }[osp.basename(osp.dirname(osp.dirname(path)))]


def _build(cfg: Config, scope: str) -> nn.Module:
    importlib.import_module(f'{scope}.utils').register_all_modules(
        init_default_scope=False)
    if cfg.get('custom_imports'):
        import_modules_from_strings(**cfg.custom_imports)
    models = importlib.import_module(f'{scope}.registry').MODELS
    with DefaultScope.overwrite_default_scope(scope):
        return models.build(cfg.model)


def _pretrained(node, path=''):
    """Module paths of the Pretrained init_cfg dicts of a model config."""
    found = {}
    if isinstance(node, dict):
        init = node.get('init_cfg')
        if isinstance(init, dict) and init.get('type') == 'Pretrained':
            found[path] = init
        for key, value in node.items():
            if key != 'init_cfg':
                found.update(
                    _pretrained(value, f'{path}.{key}' if path else key))
    return found


def _flatten(node, prefix=''):
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _flatten(value, f'{prefix}{key}.')
    else:
        yield prefix[:-1], node


def _pick(cfg: dict, *keys: str) -> tuple:
    # mmdet:: / mmseg:: bases add a ``_scope_`` key to every dict.
    return tuple(cfg.get(k) for k in keys)


def _dilation(block: nn.Module) -> int:
    return max(m.dilation[0] for m in block.modules()
               if isinstance(m, nn.Conv2d))


def _pipeline(loader) -> list:
    dataset = loader.dataset
    while 'datasets' in dataset:
        dataset = dataset.datasets[0]
    return dataset.pipeline


def test_configs_exist():
    assert {
        osp.relpath(p, BENCH)
        for p in CONFIGS
    } == {
        'mmdetection/coco/mask-rcnn_r50_fpn_ms-1x_coco.py',
        'mmdetection/coco/mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py',
        'mmdetection/voc0712/faster-rcnn_r50-c4_ms-24k_voc0712.py',
        'mmdetection/voc0712/faster-rcnn_r18-c4_1xb4-200i_synthetic-voc.py',
        'mmsegmentation/voc12aug/fcn_r50-d8_4xb4-20k_voc12aug-512x512.py',
        'mmsegmentation/voc12aug/fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py',
        'mmsegmentation/cityscapes/fcn_r50-d8_4xb2-40k_cityscapes-769x769.py',
        'mmsegmentation/cityscapes/'
        'fcn_r18-d8_1xb8-200i_synthetic-cityscapes-96x96.py',
    }
    assert set(TWINS) == {osp.basename(p) for p in TINY}


@pytest.mark.parametrize('path', CONFIGS, ids=_ids)
def test_config_builds(path):
    """The model builds in the framework's scope; its pretrained modules are
    the backbone (and the C4 res5 head), every one a ``Pretrained`` init
    from the ``backbone.`` keys of one placeholder checkpoint; every BN is
    SyncBN, trained (norm_eval off), no stage frozen; the backbone is the
    plain ResNet of a pretraining checkpoint."""
    cfg = Config.fromfile(path)
    scope = _scope(path)
    assert cfg.default_scope == scope
    inits = _pretrained(cfg.model)
    assert set(inits) == PRETRAINED[cfg.model.type]
    for init in inits.values():
        assert init == dict(
            type='Pretrained', checkpoint=cfg.pretrained, prefix='backbone.')
    # a placeholder until run_transfer.py sets it
    assert not osp.exists(cfg.pretrained)
    assert cfg.model.get('pretrained') is None

    model = _build(cfg, scope)
    assert type(model).__name__ == cfg.model.type
    norms = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    assert norms and all(isinstance(m, nn.SyncBatchNorm) for m in norms)
    backbone = model.backbone
    assert type(backbone).__name__ == 'ResNet'
    assert not backbone.deep_stem and backbone.conv1.kernel_size == (7, 7)
    assert backbone.frozen_stages == -1 and backbone.norm_eval is False
    assert backbone.style == 'pytorch'
    depth = cfg.model.backbone.depth
    assert depth == (18 if path in TINY else 50)
    if cfg.model.type == 'FasterRCNN':
        # C4: res5 is the RoI head's, with the recipe's extra norm
        assert backbone.res_layers == ['layer1', 'layer2', 'layer3']
        head = model.roi_head.shared_head
        assert type(head).__name__ == 'ResLayerExtraNorm'
        assert head.norm_eval is False and hasattr(head.layer4, '0')
        assert isinstance(head.norm, nn.SyncBatchNorm)
        assert head.norm.num_features == {18: 512, 50: 2048}[depth]
    if cfg.model.type == 'EncoderDecoder':
        # D8: output stride 8, dilated res4 / res5, first block contracted
        assert backbone.strides == (1, 2, 1, 1)
        assert backbone.dilations == (1, 1, 2, 4)
        assert [_dilation(b) for b in backbone.layer3][:2] == [1, 2]
        assert [_dilation(b) for b in backbone.layer4][:2] == [2, 4]


def test_mask_rcnn_recipe():
    cfg = Config.fromfile(
        osp.join(BENCH, 'mmdetection', 'coco',
                 'mask-rcnn_r50_fpn_ms-1x_coco.py'))
    roi = cfg.model.roi_head
    assert roi.bbox_head.type == 'Shared4Conv1FCBBoxHead'
    assert roi.bbox_head.num_classes == roi.mask_head.num_classes == 80
    assert cfg.model.neck.in_channels == [256, 512, 1024, 2048]
    assert _pick(cfg.train_cfg, 'type', 'max_epochs',
                 'val_interval') == ('EpochBasedTrainLoop', 12, 1)
    step = cfg.param_scheduler[-1]
    assert (step.type, step.milestones, step.by_epoch) == ('MultiStepLR',
                                                           [8, 11], True)
    opt = cfg.optim_wrapper.optimizer
    assert (opt.type, opt.lr, opt.momentum, opt.weight_decay) == ('SGD', 0.02,
                                                                  0.9, 1e-4)
    assert cfg.train_dataloader.batch_size == 2
    resize = cfg.train_dataloader.dataset.pipeline[2]
    assert resize.type == 'RandomChoiceResize' and resize.keep_ratio
    assert resize.scales == [(1333, s) for s in range(640, 801, 32)]
    assert cfg.val_evaluator.type == 'CocoMetric'
    assert cfg.val_evaluator.metric == ['bbox', 'segm']
    assert cfg.val_dataloader.dataset.ann_file == \
        'annotations/instances_val2017.json'


def test_faster_rcnn_c4_voc_recipe():
    cfg = Config.fromfile(
        osp.join(BENCH, 'mmdetection', 'voc0712',
                 'faster-rcnn_r50-c4_ms-24k_voc0712.py'))
    assert 'mmpretrain.models.utils.res_layer_extra_norm' in \
        cfg.custom_imports.imports
    pre = cfg.model.data_preprocessor
    assert pre.mean == [123.675, 116.28, 103.53]
    assert pre.std == [58.395, 57.12, 57.375] and pre.bgr_to_rgb
    assert cfg.model.roi_head.bbox_head.num_classes == 20
    assert _pick(cfg.train_cfg, 'type', 'max_iters',
                 'val_interval') == ('IterBasedTrainLoop', 24000, 2000)
    warmup, step = cfg.param_scheduler
    assert (warmup.type, warmup.end) == ('LinearLR', 100)
    assert (step.milestones, step.end, step.by_epoch) == ([18000, 22000],
                                                          24000, False)
    assert cfg.optim_wrapper.optimizer.lr == 0.02
    train = cfg.train_dataloader
    assert train.batch_size == 2 and train.sampler.type == 'InfiniteSampler'
    concat = train.dataset
    assert concat.type == 'ConcatDataset'
    assert concat.ignore_keys == ['dataset_type']
    assert [
        (d.type, d.ann_file, d.data_prefix.sub_data_root)
        for d in concat.datasets
    ] == [
        ('VOCDataset', 'VOC2007/ImageSets/Main/trainval.txt', 'VOC2007/'),
        ('VOCDataset', 'VOC2012/ImageSets/Main/trainval.txt', 'VOC2012/'),
    ]
    resize = concat.datasets[0].pipeline[2]
    assert resize.scales == [(1333, s) for s in range(480, 801, 32)]
    val = cfg.val_dataloader.dataset
    assert (val.ann_file, val.data_prefix.sub_data_root) == (
        'VOC2007/ImageSets/Main/test.txt', 'VOC2007/')
    assert _pick(cfg.val_evaluator, 'type', 'metric',
                 'eval_mode') == ('VOCMetric', 'mAP', '11points')


@pytest.mark.parametrize('name,iters,crop,batch,align', [
    ('voc12aug/fcn_r50-d8_4xb4-20k_voc12aug-512x512.py', 20000,
     (512, 512), 4, False),
    ('cityscapes/fcn_r50-d8_4xb2-40k_cityscapes-769x769.py', 40000,
     (769, 769), 2, True),
])
def test_fcn_recipe(name, iters, crop, batch, align):
    cfg = Config.fromfile(osp.join(BENCH, 'mmsegmentation', name))
    assert cfg.model.backbone.contract_dilation
    assert cfg.model.backbone.norm_cfg.type == 'SyncBN'
    assert cfg.train_cfg.max_iters == iters
    assert cfg.param_scheduler[0].type == 'PolyLR'
    assert cfg.param_scheduler[0].end == iters
    assert cfg.optim_wrapper.optimizer.lr == 0.01
    assert cfg.model.data_preprocessor.size == crop
    assert cfg.train_dataloader.batch_size == batch
    assert cfg.model.decode_head.align_corners is align
    assert _pick(cfg.val_evaluator, 'type',
                 'iou_metrics') == ('IoUMetric', ['mIoU'])
    if 'voc12aug' in name:
        assert cfg.model.decode_head.num_classes == 21
        # VOC train + the SBD aug set
        assert [
            d.data_prefix.seg_map_path
            for d in cfg.train_dataloader.dataset.datasets
        ] == ['SegmentationClass', 'SegmentationClassAug']
    else:
        assert cfg.model.decode_head.num_classes == 19
        assert cfg.model.test_cfg.mode == 'slide'


@pytest.mark.parametrize('path', TINY, ids=_ids)
def test_tiny_config_differs_only_where_intended(path):
    """Every key the tiny config changes is in its allowed list (data,
    schedule, widths, class count); and the changes are the intended ones:
    ResNet-18, the synthetic layout and classes, the batch and iteration
    count of its name, the lr scaled linearly to the batch, the same
    transforms and the benchmark's evaluator."""
    name = osp.basename(path)
    twin_name, allowed = TWINS[name]
    cfg = Config.fromfile(path)
    twin = Config.fromfile(osp.join(osp.dirname(path), twin_name))
    mine = dict(_flatten(cfg.to_dict()))
    real = dict(_flatten(twin.to_dict()))
    changed = {
        k
        for k in set(mine) | set(real) if mine.get(k, ()) != real.get(k, ())
    }
    patterns = allowed + TINY_COMMON
    unexpected = {
        k
        for k in changed
        if not any(fnmatch.fnmatchcase(k, p) for p in patterns)
    }
    assert not unexpected, unexpected

    match = TINY_NAME.match(name)
    assert match, name
    batch, iters = int(match['batch']), int(match['iters'])
    assert cfg.model.backbone.depth == 18
    assert cfg.train_dataloader.batch_size == batch
    assert cfg.train_cfg.type == 'IterBasedTrainLoop'
    assert cfg.train_cfg.max_iters == iters
    assert cfg.train_dataloader.sampler.type == 'InfiniteSampler'
    # the lr scaled linearly from the benchmark's total batch
    total = {'mmdet': 16, 'mmseg': 16}[_scope(path)]
    assert cfg.optim_wrapper.optimizer.lr == pytest.approx(
        twin.optim_wrapper.optimizer.lr * batch / total)
    assert [t.type for t in _pipeline(cfg.train_dataloader)] == \
        [t.type for t in _pipeline(twin.train_dataloader)]
    assert [t.type for t in cfg.val_dataloader.dataset.pipeline] == \
        [t.type for t in twin.val_dataloader.dataset.pipeline]
    assert cfg.val_evaluator.type == twin.val_evaluator.type

    train = cfg.train_dataloader.dataset
    datasets = train.datasets if 'datasets' in train else [train]
    val = cfg.val_dataloader.dataset
    if _scope(path) == 'mmdet':
        classes = tuple(SYNTHETIC_CLASSES)
        head = cfg.model.roi_head.bbox_head
        assert head.num_classes == len(classes)
    elif twin.val_dataloader.dataset.type == 'CityscapesDataset':
        # the dataset's own 19 names: the synthetic labels are train ids
        classes = None
        assert cfg.model.decode_head.num_classes == 19
        assert cfg.model.test_cfg.mode == 'slide'
        assert cfg.model.test_cfg.crop_size == (96, 96)
    else:
        classes = ('background', *SYNTHETIC_CLASSES)
    if _scope(path) == 'mmseg':
        assert cfg.model.data_preprocessor.size == (96, 96)
        if classes is not None:
            assert cfg.model.decode_head.num_classes == len(classes)
            assert cfg.model.auxiliary_head.num_classes == len(classes)
    for dataset in (*datasets, val):
        if classes is None:
            assert dataset.type == 'CityscapesDataset'
            assert 'metainfo' not in dataset
        else:
            assert tuple(dataset.metainfo.classes) == classes
        assert dataset.data_root.startswith('data/synthetic/')
    assert cfg.test_dataloader == cfg.val_dataloader

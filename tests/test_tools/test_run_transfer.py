# Copyright (c) mmloc contributors. All rights reserved.
"""tools/benchmarks/run_transfer.py end to end on the tiny transfer configs
(configs/benchmarks/mmdetection/*/ and mmsegmentation/*/ ``*_synthetic-*``):
a hand-made ResNet-18 pretraining checkpoint, 2 iterations and one
validation pass through mmdet's / mmseg's own train.py, the real metric
read back. Independently of any model, the synthetic layouts themselves are
checked against the real evaluators: the renderer's ground truth, fed as
predictions, must score a perfect AP / mAP / mIoU."""
import glob
import importlib.util
import json
import math
import os
import os.path as osp
import subprocess
import sys

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.evaluator import Evaluator
from mmengine.logging import MessageHub
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmpretrain.models import ResNet

from mmloc.datasets.synthetic import (SYNTHETIC_CLASSES, SyntheticConfig,
                                      draw_sample)
from mmloc.evaluation import transfer_run

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SCRIPT = osp.join(ROOT, 'tools', 'benchmarks', 'run_transfer.py')
BENCH = osp.join(ROOT, 'configs', 'benchmarks')
MASK_RCNN = osp.join(BENCH, 'mmdetection', 'coco',
                     'mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py')
FASTER_C4 = osp.join(BENCH, 'mmdetection', 'voc0712',
                     'faster-rcnn_r18-c4_1xb4-200i_synthetic-voc.py')
FCN = osp.join(BENCH, 'mmsegmentation', 'voc12aug',
               'fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py')
FCN_CITYSCAPES = osp.join(BENCH, 'mmsegmentation', 'cityscapes',
                          'fcn_r18-d8_1xb8-200i_synthetic-cityscapes-96x96.py')
# The data make_synthetic.py writes below (its options, as a config, so
# that the tests can redraw any sample).
SIZE, PER_CLASS = 96, dict(train=4, val=2)
FORMATS = ('coco', 'voc', 'cityscapes')
# 2 iterations, then the one validation pass; no checkpoint written.
SHORT = [
    'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
    'default_hooks.checkpoint.save_last=False'
]


def _script():
    spec = importlib.util.spec_from_file_location('run_transfer', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_transfer = _script()


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch):
    # The trainers run in subprocesses: one intra-op thread each.
    monkeypatch.setenv('OMP_NUM_THREADS', '1')


@pytest.fixture(scope='module')
def root(tmp_path_factory) -> str:
    """A folder with the synthetic COCO, VOC and Cityscapes layouts where
    the tiny configs expect them (``data/synthetic/``): the runs' working
    dir."""
    root = tmp_path_factory.mktemp('transfer')
    subprocess.run([
        sys.executable,
        osp.join(ROOT, 'tools', 'data', 'make_synthetic.py'), '--formats',
        *FORMATS, '--size',
        str(SIZE), '--num-per-class', ','.join(f'{k}={v}'
                                               for k, v in PER_CLASS.items()),
        '--workers', '1', '--no-progress', '--out-dir',
        str(root / 'data' / 'synthetic')
    ],
                   check=True,
                   capture_output=True,
                   env={
                       **os.environ, 'OMP_NUM_THREADS': '1'
                   })
    return str(root)


@pytest.fixture(scope='module')
def synthetic() -> SyntheticConfig:
    """The generator options of ``root``, to redraw its samples."""
    return SyntheticConfig(
        out_dir='unused',
        formats=FORMATS,
        size=SIZE,
        num_per_class=dict(PER_CLASS))


def _resnet_state(depth: int) -> dict:
    torch.manual_seed(depth)
    return {
        f'backbone.{k}': v
        for k, v in ResNet(depth=depth).state_dict().items()
    }


@pytest.fixture(scope='module')
def pretraining_ckpt(tmp_path_factory) -> str:
    """What a pretraining run writes: a ResNet-18 under ``backbone.``, the
    pieces that are not transferred (a neck, a momentum encoder) and the
    message hub, which ``torch.load(weights_only=True)`` refuses."""
    state = _resnet_state(18)
    state['neck.mlp.0.weight'] = torch.randn(8, 512)
    state['momentum_encoder.module.backbone.conv1.weight'] = torch.randn(
        64, 3, 7, 7)
    hub = MessageHub.get_instance('run-transfer-test')
    hub.update_scalar('train/loss', 1.0)
    path = str(tmp_path_factory.mktemp('ckpt') / 'epoch_20.pth')
    torch.save(
        dict(
            meta=dict(epoch=20),
            state_dict=state,
            message_hub=hub.state_dict()), path)
    return path


def _backbone_file(path: str, state: dict) -> str:
    torch.save(dict(state_dict=state, meta={}), path)
    return path


def _run_in_process(root, monkeypatch, config, checkpoint, work_dir,
                    *options) -> int:
    """run_transfer's main() in this process (saves its imports); the
    trainer still runs as its own process."""
    monkeypatch.chdir(root)
    argv = [config, checkpoint, '--work-dir', str(work_dir)]
    if options:
        argv += ['--cfg-options', *options]
    return run_transfer.main(argv + ['--out', str(work_dir) + '.json'])


def _check_run(work_dir, config: str, source: str, num_pretrained: int,
               ranges: dict) -> dict:
    """The metrics json of a 2-iteration run, and what every run must show:
    the backbone file extracted from ``source`` and loaded by each
    pretrained module."""
    with open(str(work_dir) + '.json') as f:
        result = json.load(f)
    assert result['step'] == 2
    metrics = result['metrics']
    for key, (low, high) in ranges.items():
        value = metrics[key]
        assert math.isfinite(value) and low <= value <= high, (key, value)
    # the extracted file: the backbone tensors of the source, nothing else
    backbone = osp.join(str(work_dir), 'backbone.pth')
    assert result['backbone_checkpoint'] == backbone
    extracted = torch.load(backbone, weights_only=True)['state_dict']
    full = torch.load(source, weights_only=False)['state_dict']
    want = {k: v for k, v in full.items() if k.startswith('backbone.')}
    assert extracted.keys() == want.keys()
    assert all(torch.equal(extracted[k], want[k]) for k in want)
    # every Pretrained init pointed at it, and each loaded it
    dumped = Config.fromfile(osp.join(str(work_dir), osp.basename(config)))
    inits = list(transfer_run.pretrained_inits(dumped.model))
    assert len(inits) == num_pretrained
    for _, path in inits:
        assert transfer_run.get_path(dumped.model, path).checkpoint == backbone
    (log, ) = glob.glob(osp.join(result['work_dir'], '*.log'))
    with open(log) as f:
        text = f.read()
    assert text.count(
        f'load backbone. in model from: {backbone}') == num_pretrained
    return metrics


def test_mask_rcnn_coco(root, pretraining_ckpt, tmp_path, monkeypatch):
    work = tmp_path / 'mask_rcnn'
    assert _run_in_process(root, monkeypatch, MASK_RCNN, pretraining_ckpt,
                           work, *SHORT) == 0
    metrics = _check_run(
        work, MASK_RCNN, pretraining_ckpt, 1, {
            'coco/bbox_mAP': (0, 1),
            'coco/bbox_mAP_50': (0, 1),
            'coco/segm_mAP': (0, 1),
            'coco/segm_mAP_50': (0, 1),
        })
    # pycocotools' full summary; -1 marks an area range without objects
    for task in ('bbox', 'segm'):
        for suffix in ('', '_50', '_75', '_s', '_m', '_l'):
            assert -1 <= metrics[f'coco/{task}_mAP{suffix}'] <= 1


def test_faster_rcnn_c4_voc(root, pretraining_ckpt, tmp_path, monkeypatch):
    """C4: the backbone (stem + res2..4) and the res5 shared head both load
    the checkpoint."""
    work = tmp_path / 'faster_rcnn'
    assert _run_in_process(root, monkeypatch, FASTER_C4, pretraining_ckpt,
                           work, *SHORT) == 0
    _check_run(work, FASTER_C4, pretraining_ckpt, 2, {
        'pascal_voc/mAP': (0, 1),
        'pascal_voc/AP50': (0, 1)
    })


def test_fcn_voc_cli(root, pretraining_ckpt, tmp_path):
    """The command line as a user runs it."""
    work = tmp_path / 'fcn'
    proc = subprocess.run([
        sys.executable, SCRIPT, FCN, pretraining_ckpt, '--work-dir',
        str(work), '--out',
        str(work) + '.json', '--cfg-options', *SHORT
    ],
                          cwd=root,
                          capture_output=True,
                          text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    metrics = _check_run(work, FCN, pretraining_ckpt, 1, {
        'mIoU': (0, 100),
        'aAcc': (0, 100),
        'mAcc': (0, 100)
    })
    assert f'[run_transfer] mIoU: {metrics["mIoU"]}' in proc.stdout


def test_fcn_cityscapes(root, pretraining_ckpt, tmp_path, monkeypatch):
    """The Cityscapes benchmark's dataset, sliding-window test and metric
    over its 19 classes."""
    work = tmp_path / 'fcn_cityscapes'
    assert _run_in_process(root, monkeypatch, FCN_CITYSCAPES,
                           pretraining_ckpt, work, *SHORT) == 0
    _check_run(work, FCN_CITYSCAPES, pretraining_ckpt, 1, {
        'mIoU': (0, 100),
        'aAcc': (0, 100),
        'mAcc': (0, 100)
    })


def test_mismatched_checkpoint_stops_before_training(root, tmp_path,
                                                     monkeypatch, capsys):
    """A ResNet-50 backbone file for a ResNet-18 config: same key names for
    the most part, other shapes, and keys no module uses."""
    r50 = _backbone_file(str(tmp_path / 'r50.pth'), _resnet_state(50))
    work = tmp_path / 'work'
    code = _run_in_process(root, monkeypatch, MASK_RCNN, r50, work)
    err = capsys.readouterr().err
    assert code != 0
    assert f'{r50} does not match' in err
    assert 'model.backbone: ' in err and 'shape mismatch' in err
    assert 'layer1.0.conv1.weight: checkpoint (64, 64, 1, 1), model ' \
        '(64, 64, 3, 3)' in err
    assert 'used by no module' in err and 'layer1.0.conv3.weight' in err
    assert 'Not training.' in err
    # nothing trained, and a backbone-only file needs no extraction
    assert transfer_run.log_dirs(str(work)) == []
    assert not osp.exists(work / 'backbone.pth')


def test_missing_res5_is_an_error(root, tmp_path, monkeypatch, capsys):
    """C4's res5 lives in the RoI head: a checkpoint without ``layer4``
    fits the backbone but leaves the shared head random, which is refused.
    """
    state = {
        k: v
        for k, v in _resnet_state(18).items()
        if not k.startswith('backbone.layer4.')
    }
    path = _backbone_file(str(tmp_path / 'no_res5.pth'), state)
    code = _run_in_process(root, monkeypatch, FASTER_C4, path,
                           tmp_path / 'work')
    err = capsys.readouterr().err
    assert code != 0
    assert 'model.roi_head.shared_head (ResLayerExtraNorm): 30 missing' in err
    assert "'layer4.0.conv1.weight'" in err
    assert 'model.backbone' not in err  # stem + res2..4 are all there


def test_voc0712_benchmark_train_set_builds(root, tmp_path):
    """The R50 benchmark's VOC2007 + VOC2012 ConcatDataset builds with one
    metainfo dict although the years' ``dataset_type`` differ, here on two
    copies of the synthetic year."""
    devkit = tmp_path / 'VOCdevkit'
    devkit.mkdir()
    for year in ('VOC2007', 'VOC2012'):
        os.symlink(
            osp.join(root, 'data', 'synthetic', 'VOCdevkit', 'VOC2012'),
            devkit / year)
    cfg = Config.fromfile(
        osp.join(BENCH, 'mmdetection', 'voc0712',
                 'faster-rcnn_r50-c4_ms-24k_voc0712.py'))
    concat = cfg.train_dataloader.dataset
    for dataset in concat.datasets:
        dataset.data_root = str(devkit)
        dataset.metainfo = dict(classes=SYNTHETIC_CLASSES)
    from mmdet.registry import DATASETS
    with DefaultScope.overwrite_default_scope('mmdet'):
        built = DATASETS.build(concat)
    trainval = sum(PER_CLASS.values()) * len(SYNTHETIC_CLASSES)
    assert len(built) == 2 * trainval
    assert [d.metainfo['dataset_type']
            for d in built.datasets] == ['VOC2007', 'VOC2012']
    assert isinstance(built.metainfo, dict)
    assert built.metainfo['classes'] == SYNTHETIC_CLASSES


# --------------------------------------- the layouts against the evaluators
def _val_set(root: str, config: str, scope: str):
    """The config's val dataset and evaluator, on the data under ``root``."""
    cfg = Config.fromfile(config)
    dataset_cfg = cfg.val_dataloader.dataset
    dataset_cfg.data_root = osp.join(root, dataset_cfg.data_root)
    evaluator_cfg = cfg.val_evaluator
    if 'ann_file' in evaluator_cfg:
        evaluator_cfg.ann_file = osp.join(root, evaluator_cfg.ann_file)
    datasets = importlib.import_module(f'{scope}.registry').DATASETS
    importlib.import_module(f'{scope}.utils').register_all_modules(
        init_default_scope=False)
    with DefaultScope.overwrite_default_scope(scope):
        dataset = datasets.build(dataset_cfg)
        evaluator = Evaluator(evaluator_cfg)
    evaluator.dataset_meta = dataset.metainfo
    return dataset, evaluator


def _index(path: str) -> int:
    """Sample index of a file: ``val_000003.jpg`` (COCO / VOC) or
    ``synthetic_000003_000019_leftImg8bit.png`` (Cityscapes)."""
    name = osp.splitext(osp.basename(path))[0]
    if name.endswith('_leftImg8bit'):
        return int(name.split('_')[1])
    return int(name.rsplit('_', 1)[1])


def test_coco_ground_truth_scores_ap_1(root, synthetic):
    """The renderer's instances (xyxy boxes of the visible pixels, exact
    masks, 0-based labels) as detections: COCO bbox and segm AP 1 against
    the annotation file, through mmdet's CocoMetric."""
    dataset, evaluator = _val_set(root, MASK_RCNN, 'mmdet')
    assert len(dataset) == synthetic.num_images('val')
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        sample = draw_sample(synthetic, 'val', _index(info['img_path']))
        evaluator.process([
            dict(
                img_id=info['img_id'],
                ori_shape=(info['height'], info['width']),
                pred_instances=dict(
                    bboxes=torch.from_numpy(sample.boxes),
                    scores=torch.ones(sample.num_instances),
                    labels=torch.from_numpy(sample.labels),
                    masks=torch.from_numpy(sample.instance_masks())))
        ])
    metrics = evaluator.evaluate(len(dataset))
    assert metrics['coco/bbox_mAP'] == 1.0
    assert metrics['coco/segm_mAP'] == 1.0
    assert metrics['coco/bbox_mAP_75'] == metrics['coco/segm_mAP_75'] == 1.0


def test_voc_ground_truth_scores_map_1(root, synthetic):
    """The renderer's boxes in mmdet's VOC convention (0-based, inclusive
    last pixel) as detections: mAP 1 even at IoU 0.95, which a box one
    pixel off fails, through the config's VOCMetric."""
    cfg_dataset, _ = _val_set(root, FASTER_C4, 'mmdet')
    evaluator_cfg = Config.fromfile(FASTER_C4).val_evaluator
    evaluator_cfg.iou_thrs = [0.5, 0.95]
    with DefaultScope.overwrite_default_scope('mmdet'):
        evaluator = Evaluator(evaluator_cfg)
    evaluator.dataset_meta = cfg_dataset.metainfo
    for i in range(len(cfg_dataset)):
        data_sample = cfg_dataset[i]['data_samples']
        sample = draw_sample(synthetic, 'val', _index(data_sample.img_path))
        data_sample.pred_instances = data_sample.gt_instances.new(
            bboxes=torch.from_numpy(sample.boxes - [0, 0, 1, 1]).float(),
            scores=torch.ones(sample.num_instances),
            labels=torch.from_numpy(sample.labels))
        evaluator.process([data_sample])
    metrics = evaluator.evaluate(len(cfg_dataset))
    # mAP (the mean over both thresholds), AP50 and AP at 0.95
    assert len(metrics) == 3 and 'pascal_voc/AP50' in metrics
    assert all(value == 1.0 for value in metrics.values()), metrics


@pytest.mark.parametrize('config', [FCN, FCN_CITYSCAPES],
                         ids=['voc', 'cityscapes'])
def test_segmentation_ground_truth_scores_miou_100(root, synthetic, config):
    """The renderer's semantic map (0 background, c + 1 class c; on the
    Cityscapes layout the same numbers are train ids) as the prediction:
    mIoU 100 through the config's dataset and IoUMetric."""
    dataset, evaluator = _val_set(root, config, 'mmseg')
    assert len(dataset) == synthetic.num_images('val')
    for i in range(len(dataset)):
        data_sample = dataset[i]['data_samples']
        sample = draw_sample(synthetic, 'val', _index(data_sample.img_path))
        data_sample.pred_sem_seg = PixelData(
            data=torch.from_numpy(sample.semantic.astype(np.int64))[None])
        evaluator.process([data_sample])
    metrics = evaluator.evaluate(len(dataset))
    assert metrics['mIoU'] == 100.0 and metrics['aAcc'] == 100.0

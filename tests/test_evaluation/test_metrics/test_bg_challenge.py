# Copyright (c) mmloc contributors. All rights reserved.
"""Backgrounds Challenge scores: the summary function, the path parsing and
the metric, alone and behind the concatenated test dataloader of
configs/_base_/datasets/synthetic-96px_bg-challenge.py."""
import logging
import os
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from mmpretrain.structures import DataSample
from PIL import Image

import mmloc  # noqa: F401
from mmloc.datasets.synthetic.bg_challenge import BGC_VARIANTS
from mmloc.datasets.synthetic.classes import SYNTHETIC_CLASSES, class_folder
from mmloc.evaluation.metrics import (BackgroundsChallengeMetric,
                                      bg_challenge_summary, variant_of_path)
from mmloc.registry import METRICS

ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
DATA_CFG = osp.join(ROOT, 'configs', '_base_', 'datasets',
                    'synthetic-96px_bg-challenge.py')

# (variant, hits, samples): accuracies 75, 50, 20, 100, 25; gap 100 - 25
HAND = [('original', 3, 4), ('only_fg', 1, 2), ('no_fg', 1, 5),
        ('mixed_same', 4, 4), ('mixed_rand', 1, 4)]


def hand_made_predictions():
    """pred, gt, variants of HAND, the variants interleaved."""
    rows = []
    for variant, hits, num in HAND:
        for i in range(num):
            gt = i % 3
            rows.append((gt if i < hits else gt + 1, gt, variant))
    rows = rows[::2] + rows[1::2]  # interleave: grouping is by name
    pred, gt, variants = zip(*rows)
    return list(pred), list(gt), list(variants)


# --------------------------------------------------------------- summary --
def test_summary_by_hand():
    pred, gt, variants = hand_made_predictions()
    out = bg_challenge_summary(pred, gt, variants)
    assert out['accuracy'] == {
        'original': 75.0,
        'only_fg': 50.0,
        'no_fg': 20.0,
        'mixed_same': 100.0,
        'mixed_rand': 25.0
    }
    assert list(out['accuracy']) == list(BGC_VARIANTS)  # benchmark order
    assert out['num_samples'] == {v: n for v, _, n in HAND}
    assert out['missing'] == []
    assert out['bg_gap'] == 75.0
    # tensors and arrays give the same
    again = bg_challenge_summary(
        torch.tensor(pred), np.asarray(gt), tuple(variants))
    assert again == out


def test_summary_reports_missing_variants_as_absent():
    pred, gt, variants = hand_made_predictions()
    keep = [i for i, v in enumerate(variants) if v != 'mixed_rand']
    out = bg_challenge_summary([pred[i] for i in keep], [gt[i] for i in keep],
                               [variants[i] for i in keep])
    assert 'mixed_rand' not in out['accuracy']
    assert out['missing'] == ['mixed_rand']
    assert out['bg_gap'] is None  # not 0: undefined without mixed_rand

    empty = bg_challenge_summary([], [], [])
    assert empty['accuracy'] == {} and empty['bg_gap'] is None
    assert empty['missing'] == list(BGC_VARIANTS)


def test_summary_keeps_unexpected_variants_after_the_expected():
    out = bg_challenge_summary([0, 1, 0], [0, 0, 0],
                               ['mixed_next', 'original', 'original'])
    assert out['accuracy'] == {'original': 50.0, 'mixed_next': 100.0}
    assert list(out['accuracy']) == ['original', 'mixed_next']


def test_summary_rejects_bad_input():
    with pytest.raises(ValueError, match='one entry per sample'):
        bg_challenge_summary([0, 1], [0, 1], ['original'])
    with pytest.raises(ValueError, match=r'pred must be \(N,\)'):
        bg_challenge_summary(np.zeros((2, 3), int), [0, 1], ['original'] * 2)
    with pytest.raises(ValueError, match='integer class indices'):
        bg_challenge_summary([0.5, 1.0], [0, 1], ['original'] * 2)


# ----------------------------------------------------------------- paths --
@pytest.mark.parametrize(
    'path, variant',
    [
        ('data/bg_challenge/mixed_rand/val/00_dog/n01_1.JPEG', 'mixed_rand'),
        ('/a/only_fg/val/03_star/val_000001.JPEG', 'only_fg'),
        # the folder closest to the file wins over one higher up the root
        ('/runs/original/bgc/no_fg/val/00_disc/x.JPEG', 'no_fg'),
        (r'C:\data\bgc\mixed_same\val\00_disc\x.JPEG', 'mixed_same'),
    ])
def test_variant_of_path(path, variant):
    assert variant_of_path(path) == variant


def test_variant_of_path_unknown_is_an_error_naming_the_path():
    path = 'data/bg_challenge/mixed_next/val/00_dog/a.JPEG'
    with pytest.raises(ValueError, match='mixed_next/val/00_dog/a.JPEG'):
        variant_of_path(path)
    # the file name itself is no folder
    with pytest.raises(ValueError, match='no folder'):
        variant_of_path('data/val/original')
    assert variant_of_path(path, BGC_VARIANTS + ('mixed_next', )) == \
        'mixed_next'


# ---------------------------------------------------------------- metric --
def _sample(path: str,
            pred: int,
            gt: int,
            num_classes: int = 10,
            as_dict: bool = False):
    score = torch.full((num_classes, ), 0.01)
    score[pred] = 0.9
    sample = DataSample().set_gt_label(gt).set_pred_score(score)
    sample.set_metainfo(dict(img_path=path))
    sample.set_pred_label(pred)
    return sample.to_dict() if as_dict else sample


def _hand_made_samples(as_dict: bool = False) -> list:
    pred, gt, variants = hand_made_predictions()
    return [
        _sample(
            f'/bgc/{v}/val/{class_folder(g)}/{i}.JPEG', p, g, as_dict=as_dict)
        for i, (p, g, v) in enumerate(zip(pred, gt, variants))
    ]


@pytest.mark.parametrize('as_dict', [False, True])
def test_metric_by_hand(as_dict):
    metric = METRICS.build(dict(type='BackgroundsChallengeMetric'))
    metric.dataset_meta = dict(classes=SYNTHETIC_CLASSES)
    samples = _hand_made_samples(as_dict)
    for start in range(0, len(samples), 4):  # batches of 4
        metric.process({}, samples[start:start + 4])
    results = metric.evaluate(len(samples))
    assert results == {
        'bg_challenge/original': 75.0,
        'bg_challenge/only_fg': 50.0,
        'bg_challenge/no_fg': 20.0,
        'bg_challenge/mixed_same': 100.0,
        'bg_challenge/mixed_rand': 25.0,
        'bg_challenge/bg_gap': 75.0,
    }


class _Records(logging.Handler):
    """Collects the messages logged while attached."""

    def __init__(self) -> None:
        super().__init__()
        self.messages = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_metric_missing_variants_have_no_key():
    metric = BackgroundsChallengeMetric(prefix='bgc')
    samples = [
        s for s in _hand_made_samples()
        if '/mixed_same/' not in s.img_path and '/no_fg/' not in s.img_path
    ]
    metric.process({}, samples)
    # MMLogger's handlers hold the stream of its creation: listen directly
    logger, records = MMLogger.get_current_instance(), _Records()
    logger.addHandler(records)
    try:
        results = metric.evaluate(len(samples))
    finally:
        logger.removeHandler(records)
    assert results == {
        'bgc/original': 75.0,
        'bgc/only_fg': 50.0,
        'bgc/mixed_rand': 25.0
    }
    warning = ' '.join(records.messages)
    assert 'no samples of no_fg, mixed_same' in warning
    assert 'nor the BG-gap' in warning


def test_metric_unknown_path_is_an_error_naming_it():
    metric = BackgroundsChallengeMetric()
    bad = '/bgc/only_bg_t/val/00_disc/3.JPEG'
    with pytest.raises(ValueError, match=bad):
        metric.process({}, [_sample(bad, 0, 0)])
    # ... unless the variant is declared
    metric = BackgroundsChallengeMetric(variants=['only_bg_t'])
    metric.process({}, [_sample(bad, 0, 0)])
    assert metric.evaluate(1) == {'bg_challenge/only_bg_t': 100.0}


def test_metric_rejects_a_classifier_of_other_classes():
    """ImageNet-1k scores against the IN-9 labels of the real benchmark."""
    metric = BackgroundsChallengeMetric()
    metric.dataset_meta = dict(
        classes=('00_dog', '01_bird', '02_vehicle', '03_reptile',
                 '04_carnivore', '05_insect', '06_instrument', '07_primate',
                 '08_fish'))
    path = '/bg_challenge/original/val/00_dog/a.JPEG'
    with pytest.raises(ValueError, match='1000 classes .* 9 .*IN-9'):
        metric.process({}, [_sample(path, 3, 0, num_classes=1000)])


def test_metric_rejects_bad_arguments():
    with pytest.raises(ValueError, match='non-empty sequence'):
        BackgroundsChallengeMetric(variants='original')
    metric = BackgroundsChallengeMetric()
    with pytest.raises(KeyError, match='img_path'):
        metric.process({}, [dict(pred_label=torch.tensor([0]))])


# ------------------------------------------- behind the test dataloader --
def _tiny_layout(root: str, per_class: int = 1) -> None:
    """``root/{variant}/val/{class}/{i}.png``, a flat colour per image."""
    for v, variant in enumerate(BGC_VARIANTS):
        for c in range(len(SYNTHETIC_CLASSES)):
            folder = osp.join(root, variant, 'val', class_folder(c))
            os.makedirs(folder)
            for i in range(per_class):
                Image.new('RGB', (8, 8), (20 * v, 20 * c, i)).save(
                    osp.join(folder, f'{i}.png'))


def test_metric_behind_the_concatenated_dataloader(tmp_path):
    """The config's ConcatDataset of the five folders, in order: predict
    right the samples of variant k whose class is < 2 (k + 1), so the
    accuracies are 20, 40, ..., 100 only if every sample's variant is read
    from its path correctly."""
    root = str(tmp_path / 'bg_challenge')
    _tiny_layout(root, per_class=2)
    cfg = Config.fromfile(DATA_CFG)
    for dataset in cfg.test_dataloader.dataset.datasets:
        dataset.data_root = root
    cfg.test_dataloader.num_workers = 0
    cfg.test_dataloader.batch_size = 7  # batches straddle the variants
    with DefaultScope.overwrite_default_scope('mmloc'):
        loader = Runner.build_dataloader(cfg.test_dataloader)
        metric = METRICS.build(cfg.test_evaluator)
    metric.dataset_meta = loader.dataset.metainfo
    assert len(loader.dataset) == 5 * 10 * 2

    seen = 0
    for batch in loader:
        samples = []
        for sample in batch['data_samples']:
            variant = seen // 20  # ConcatDataset order = config order
            gt = int(sample.gt_label)
            pred = gt if gt < 2 * (variant + 1) else (gt + 1) % 10
            samples.append(sample.set_pred_label(pred))
            seen += 1
        metric.process(batch, samples)
    results = metric.evaluate(seen)
    assert results == {
        'bg_challenge/original': 20.0,
        'bg_challenge/only_fg': 40.0,
        'bg_challenge/no_fg': 60.0,
        'bg_challenge/mixed_same': 80.0,
        'bg_challenge/mixed_rand': 100.0,
        'bg_challenge/bg_gap': -20.0,
    }


def test_dataset_config_layout():
    cfg = Config.fromfile(DATA_CFG)
    datasets = cfg.test_dataloader.dataset.datasets
    assert cfg.test_dataloader.dataset.type == 'ConcatDataset'
    assert [d.data_prefix
            for d in datasets] == [f'{v}/val' for v in BGC_VARIANTS]
    for d in datasets:
        assert d.type == 'CustomDataset'
        assert d.data_root == 'data/synthetic/bg_challenge/'
        assert tuple(d.metainfo.classes) == SYNTHETIC_CLASSES
    assert cfg.test_dataloader.sampler == dict(
        type='DefaultSampler', shuffle=False)
    assert cfg.test_evaluator.type == 'BackgroundsChallengeMetric'
    assert cfg.data_preprocessor.num_classes == 10

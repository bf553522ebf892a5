# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc.experiments.prior_sweep: measured prior quality and the figure."""
import cv2
import numpy as np
import pytest

from mmloc.experiments import prior_quality, sweep_figure, sweep_points


def _tree(root, maps):
    for i, m in enumerate(maps):
        d = root / 'train' / '00_disc'
        d.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(d / f'{i}.png'), m)
    return str(root / 'train')


def _square():
    true = np.zeros((16, 16), np.uint8)
    true[4:12, 4:12] = 1
    return true


def test_saliency_quality_is_the_iou_of_the_salient_region(tmp_path):
    truth = _tree(tmp_path / 'gt', [_square(), _square()])
    half = np.zeros((16, 16), np.uint8)
    half[4:12, 4:8] = 255   # half of the object: IoU 0.5
    faint = np.zeros((16, 16), np.uint8)
    faint[4:12, 4:12] = 128  # not above CAST's threshold (> 128): IoU 0
    prior = _tree(tmp_path / 'sal', [half, faint])
    assert prior_quality(prior, truth, 'saliency') == pytest.approx(0.25)


def test_segment_quality_is_best_match_miou(tmp_path):
    truth = _tree(tmp_path / 'gt', [_square()])
    split = _square()
    split[4:12, 8:12] = 2  # the object cut in two: best matches 0.5, bg 1
    prior = _tree(tmp_path / 'seg', [split])
    assert prior_quality(prior, truth, 'segments') == pytest.approx(0.75)
    assert prior_quality(truth, truth, 'segments') == pytest.approx(1.0)


def test_missing_prior_and_bad_kind_are_named(tmp_path):
    truth = _tree(tmp_path / 'gt', [_square()])
    (tmp_path / 'empty' / 'train').mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match='0.png'):
        prior_quality(str(tmp_path / 'empty' / 'train'), truth, 'saliency')
    with pytest.raises(ValueError, match='kind'):
        prior_quality(truth, truth, 'boxes')
    with pytest.raises(FileNotFoundError, match='no true masks'):
        prior_quality(truth, str(tmp_path / 'empty'), 'saliency')


def _runs():
    rows = {}
    for arm, offset in (('base', 0.0), ('weak', 1.0), ('oracle', 5.0)):
        rows[arm] = [
            dict(arm=arm, seed=s, acc_mixed_rand=10.0 + s + offset,
                 bg_gap=40.0 - offset, cam_iou=20.0 + offset)
            for s in range(3)
        ]
    return rows


def test_sweep_points_pair_each_arm_with_its_baseline():
    points = sweep_points(_runs(), {'M': ('weak', 'oracle', 'unmeasured')},
                          {'weak': 'base', 'oracle': 'base',
                           'unmeasured': 'base'},
                          {'weak': 0.4, 'oracle': 1.0}, 'acc_mixed_rand')
    assert [p[:3] for p in points['M']] == [(0.4, 1.0, 0.0),
                                            (1.0, 5.0, 0.0)]


def test_sweep_figure_is_written(tmp_path):
    out = tmp_path / 'sweep.png'
    sweep_figure(_runs(), {'M': ('weak', 'oracle')},
                 {'weak': 'base', 'oracle': 'base'},
                 {'weak': 0.4, 'oracle': 1.0}, str(out))
    img = cv2.imread(str(out))
    assert img is not None and img.shape[1] > img.shape[0] > 200

# Copyright (c) mmloc contributors. All rights reserved.
import cv2
import numpy as np
import pytest

from mmloc.datasets.transforms.geometric import RandomFlip
from mmloc.datasets.transforms.saliency_swap import SaliencySwap

RED, GREEN, BLUE = (0, 0, 255), (0, 255, 0), (255, 0, 0)  # BGR
CANVAS = 128


def _reference(obj: np.ndarray,
               size: int = 200,
               at: int = 50,
               value: int = 255):
    """Black ``size`` x ``size`` image with ``obj`` at ``(at, at)`` and a
    saliency map that is exactly the object (``value`` on it)."""
    img = np.zeros((size, size, 3), np.uint8)
    sal = np.zeros((size, size), np.uint8)
    h, w = obj.shape[:2]
    img[at:at + h, at:at + w] = obj
    sal[at:at + h, at:at + w] = value
    return img, sal


def _results(img, sal, partners):
    return dict(
        img=img,
        saliency=sal,
        img_shape=img.shape[:2],
        ori_shape=img.shape[:2],
        sample_idx=0,
        segments=np.zeros(img.shape[:2], np.int32),
        mix_results=partners)


def _partner(color, idx, hw):
    return dict(
        img=np.full((*hw, 3), color, np.uint8),
        sample_idx=idx,
        saliency=np.zeros(hw, np.uint8))


def _uniform_case():
    img, sal = _reference(np.full((100, 100, 3), RED, np.uint8))
    # one partner smaller, one larger than the canvas
    partners = [_partner(GREEN, 7, (40, 60)), _partner(BLUE, 3, (150, 170))]
    return _results(img, sal, partners)


@pytest.mark.parametrize('seed', range(4))
def test_uniform_object_on_partner_backgrounds(seed):
    np.random.seed(seed)
    swap = SaliencySwap(scale=CANVAS, box_jitter=(1.2, 1.2))
    out = swap(_uniform_case())

    assert 'mix_results' not in out and 'segments' not in out
    assert out['swap_partners'] == [7, 3]
    assert out['img_shape'] == [(CANVAS, CANVAS)] * 2
    # 100 px object enlarged 1.2x about its centre (100, 100)
    assert out['crop_bbox'] == [(40, 40, 160, 160)] * 2
    counts, scales = [], []
    for img, sal, bg, paste in zip(out['img'], out['saliency'], (GREEN, BLUE),
                                   out['paste_bbox']):
        assert img.shape == (CANVAS, CANVAS, 3) and img.dtype == np.uint8
        assert sal.dtype == np.uint8 and set(np.unique(sal)) == {0, 255}
        obj = sal == 255
        # outside the pasted alpha: the own partner's colour, exactly
        assert (img[~obj] == bg).all()
        # inside: the object (its rim blends red with the reference's
        # black margin, never with the partner)
        inner = cv2.erode(obj.astype(np.uint8), np.ones((3, 3))).astype(bool)
        assert (img[inner] == RED).all()
        assert (img[obj][:, :2] == 0).all() and (img[obj][:, 2] > 128).all()
        # the alpha lies in the paste box, which lies in the canvas
        x1, y1, x2, y2 = paste
        assert 0 <= x1 < x2 <= CANVAS and 0 <= y1 < y2 <= CANVAS
        ys, xs = np.nonzero(obj)
        assert xs.min() >= x1 and xs.max() < x2
        assert ys.min() >= y1 and ys.max() < y2
        # square patch: its side is the drawn object scale x the canvas
        assert x2 - x1 == y2 - y1
        scale = (x2 - x1) / CANVAS
        assert 0.4 - 1 / CANVAS <= scale <= 0.8 + 1 / CANVAS
        # the object covers 100 / 120 of the patch side
        assert obj.sum() == pytest.approx((100 / 120 * (x2 - x1))**2, rel=0.06)
        counts.append(obj.sum())
        scales.append(scale)
    assert counts[0] / counts[1] == pytest.approx(
        (scales[0] / scales[1])**2, rel=0.1)


def test_textured_object_same_foreground():
    rng = np.random.default_rng(0)
    # smooth texture: resampling at another scale must preserve it
    texture = cv2.resize(
        rng.integers(0, 256, (8, 8, 3), dtype=np.uint8), (100, 100),
        interpolation=cv2.INTER_CUBIC)
    img, sal = _reference(texture)
    np.random.seed(1)
    swap = SaliencySwap(scale=CANVAS, object_scale=(0.3, 0.9))
    for _ in range(3):
        partners = [
            _partner(GREEN, 1, (CANVAS, CANVAS)),
            _partner(BLUE, 2, (CANVAS, CANVAS))
        ]
        out = swap(_results(img, sal, partners))
        crops, masks = [], []
        for view, vsal in zip(out['img'], out['saliency']):
            ys, xs = np.nonzero(vsal)
            box = (slice(ys.min(),
                         ys.max() + 1), slice(xs.min(),
                                              xs.max() + 1))
            crops.append(view[box].astype(np.float32))
            masks.append(vsal[box] == 255)
        h, w = crops[1].shape[:2]
        resized = cv2.resize(crops[0], (w, h), interpolation=cv2.INTER_AREA)
        inner = cv2.erode(masks[1].astype(np.uint8), np.ones(
            (5, 5))).astype(bool)
        corr = np.corrcoef(resized[inner].ravel(), crops[1][inner].ravel())
        assert corr[0, 1] > 0.9
        # control: the same pixels of an unrelated texture do not correlate
        other = cv2.resize(
            rng.integers(0, 256, (8, 8, 3), dtype=np.uint8), (w, h),
            interpolation=cv2.INTER_CUBIC).astype(np.float32)
        assert abs(
            np.corrcoef(other[inner].ravel(),
                        crops[1][inner].ravel())[0, 1]) < 0.5


def test_soft_alpha_blends():
    img, sal = _reference(np.full((100, 100, 3), RED, np.uint8), value=200)
    np.random.seed(0)
    swap = SaliencySwap(scale=CANVAS, soft_alpha=True)
    partners = [_partner(GREEN, 1, (64, 64)), _partner(BLUE, 2, (64, 64))]
    out = swap(_results(img, sal, partners))
    a = 200 / 255
    for view, vsal, bg in zip(out['img'], out['saliency'], (GREEN, BLUE)):
        inner = cv2.erode((vsal == 200).astype(np.uint8), np.ones(
            (3, 3))).astype(bool)
        assert inner.sum() > 100 and vsal.max() == 200
        expect = np.rint(a * np.array(RED) + (1 - a) * np.array(bg))
        assert (view[inner] == expect).all()
        assert (view[vsal == 0] == bg).all()


def test_empty_saliency_pastes_whole_reference():
    img = np.full((60, 80, 3), RED, np.uint8)
    sal = np.zeros((60, 80), np.uint8)
    sal[10, 10] = 128  # not salient: the threshold is > 128
    swap = SaliencySwap(scale=CANVAS)
    partners = [_partner(GREEN, 4, (50, 50)), _partner(BLUE, 5, (50, 50))]
    out = swap(_results(img, sal, partners))
    assert swap.fallback_counts == {'SaliencySwap.empty_saliency': 1}
    assert out['prior_fallbacks'] == {'SaliencySwap.empty_saliency': 1}
    assert out['crop_bbox'] == [(0, 0, 80, 60)] * 2
    for view, vsal, bg, paste in zip(out['img'], out['saliency'],
                                     (GREEN, BLUE), out['paste_bbox']):
        x1, y1, x2, y2 = paste
        expect = np.zeros((CANVAS, CANVAS), np.uint8)
        expect[y1:y2, x1:x2] = 255  # alpha 1 on the whole image
        assert (vsal == expect).all()
        assert (view[vsal == 255] == RED).all()
        assert (view[vsal == 0] == bg).all()
        # the 4:3 image keeps its aspect ratio, longer side in range
        assert (x2 - x1) / (y2 - y1) == pytest.approx(4 / 3, abs=0.05)
        assert 0.4 * CANVAS - 1 <= x2 - x1 <= 0.8 * CANVAS + 1


def test_view_pipeline_runs_on_each_view():
    np.random.seed(0)
    flip = RandomFlip(prob=1.0, direction='horizontal')
    swap = SaliencySwap(transforms=[[flip]], num_views=3, scale=CANVAS)
    partners = [
        _partner(c, i, (CANVAS, CANVAS))
        for i, c in enumerate((GREEN, BLUE, GREEN))
    ]
    out = swap(_uniform_case() | dict(mix_results=partners))
    assert len(out['img']) == 3 and out['swap_partners'] == [0, 1, 2]
    assert out['flip'] == [True] * 3
    for view, vsal, (x1, y1, x2, y2) in zip(out['img'], out['saliency'],
                                            out['paste_bbox']):
        # the saliency was flipped with the image: still on the object
        assert (view[vsal == 255][:, 2] > 128).all()
        ys, xs = np.nonzero(vsal)
        assert xs.min() >= CANVAS - x2 and xs.max() < CANVAS - x1


def test_missing_or_wrong_mix_results():
    swap = SaliencySwap(scale=32)
    img, sal = _reference(np.full((10, 10, 3), RED, np.uint8), size=40, at=5)
    results = _results(img, sal, None)
    results.pop('mix_results')
    with pytest.raises(ValueError, match='MultiImageMixDataset'):
        swap(results)
    one = [_partner(GREEN, 1, (8, 8))]
    with pytest.raises(ValueError, match='MultiImageMixDataset'):
        swap(_results(img, sal, one))


def test_bad_ranges():
    with pytest.raises(ValueError, match='box_jitter'):
        SaliencySwap(box_jitter=(0.8, 1.2))
    with pytest.raises(ValueError, match='object_scale'):
        SaliencySwap(object_scale=(0.5, 1.5))


@pytest.mark.parametrize('num_views', [2, 3])
def test_get_indexes(num_views):
    swap = SaliencySwap(num_views=num_views)
    dataset = list(range(5))
    for _ in range(20):
        idx = swap.get_indexes(dataset)
        assert len(idx) == num_views
        assert all(isinstance(i, int) and 0 <= i < 5 for i in idx)

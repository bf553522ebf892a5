# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
import pytest

from mmloc.datasets.transforms.geometric import (RandomFlip,
                                                 RandomResizedCrop,
                                                 output_to_input)
from mmloc.datasets.transforms.saliency_crop import (SaliencyConstrainedCrop,
                                                     truncated_normal)

H, W = 120, 160


def _map(*boxes):
    sal = np.zeros((H, W), np.uint8)
    for x1, y1, x2, y2 in boxes:
        sal[y1:y2, x1:x2] = 255
    return sal


def _results(sal, seg=None):
    img = np.repeat(sal[..., None], 3, axis=2).copy()
    res = dict(img=img, saliency=sal.copy(), img_shape=(H, W))
    if seg is not None:
        res['segments'] = seg
    return res


def _cover(sal, box):
    x1, y1, x2, y2 = box
    mask = sal > 128
    return mask[y1:y2, x1:x2].sum() / mask.sum()


CRAFTED = {
    'tiny_corner': _map((150, 112, 155, 117)),
    'two_distant': _map((2, 2, 12, 12), (140, 100, 158, 118)),
    'full_image': _map((0, 0, W, H)),
    'thin_line': _map((10, 60, 150, 61)),
    'grey_levels': np.tile(np.linspace(0, 255, W, dtype=np.uint8), (H, 1)),
}


@pytest.mark.parametrize('name', sorted(CRAFTED))
@pytest.mark.parametrize('min_cover', [0.2, 0.9])
def test_cover_invariant_1000_draws(name, min_cover):
    sal = CRAFTED[name]
    crop = SaliencyConstrainedCrop(scale=32, min_cover=min_cover)
    np.random.seed(0)
    boxes = set()
    for _ in range(1000):
        out = crop(_results(sal))
        box = out['crop_bbox']
        x1, y1, x2, y2 = box
        assert 0 <= x1 < x2 <= W and 0 <= y1 < y2 <= H
        assert _cover(sal, box) >= min_cover
        assert out['img'].shape == (32, 32, 3)
        assert out['saliency'].shape == (32, 32)
        boxes.add(box)
    assert len(boxes) > 20  # still random, not one fixed box
    # on a full-image map every crop of area >= min_cover is accepted
    if name == 'full_image' and min_cover <= 0.2:
        assert not crop.fallback_counts


def test_empty_map_degrades_to_random_resized_crop():
    crop = SaliencyConstrainedCrop(scale=32)
    rrc = RandomResizedCrop(scale=32, crop_ratio_range=(0.2, 1.0))
    sal = np.zeros((H, W), np.uint8)
    for seed in range(1000):
        np.random.seed(seed)
        out = crop(_results(sal))
        np.random.seed(seed)
        ref = rrc(_results(sal))
        assert out['crop_bbox'] == ref['crop_bbox']  # same draws as RRC
    assert crop.fallback_counts == {
        'SaliencyConstrainedCrop.empty_saliency': 1000}
    assert out['prior_fallbacks'] == {
        'SaliencyConstrainedCrop.empty_saliency': 1}


def test_bbox_fallback_is_counted_and_keeps_ratio_in_range():
    # a tiny object with an extreme cover makes random crops rare
    sal = _map((0, 0, 3, 3))
    crop = SaliencyConstrainedCrop(scale=32, min_cover=1.0,
                                   crop_ratio_range=(0.2, 0.21))
    np.random.seed(1)
    for _ in range(200):
        out = crop(_results(sal))
        x1, y1, x2, y2 = out['crop_bbox']
        assert (x1, y1) == (0, 0) or _cover(sal, out['crop_bbox']) == 1
        assert 3 / 4 - 1e-6 <= (x2 - x1) / (y2 - y1) <= 4 / 3 + 1e-6
    assert crop.fallback_counts['SaliencyConstrainedCrop.bbox'] > 0


def test_pair_all_mode_covers_first_view_salient_pixels():
    sal = CRAFTED['two_distant']
    crop = SaliencyConstrainedCrop(scale=32, min_cover=0.5)
    first = (0, 0, 40, 40)  # holds the top-left object only
    np.random.seed(0)
    for _ in range(500):
        res = _results(sal)
        res['pair_crop_bbox'] = first
        box = crop(res)['crop_bbox']
        x1, y1, x2, y2 = box
        inner = (sal[:40, :40] > 128)
        covered = inner[y1:min(y2, 40), x1:min(x2, 40)].sum()
        assert covered >= 0.5 * inner.sum()
        assert _cover(sal, box) >= 0.5


@pytest.mark.parametrize('seed', range(20))
def test_geometric_consistency_with_flip(seed):
    """Image, saliency and segments are moved by the same box and flip."""
    rng = np.random.default_rng(seed)
    sal = _map((20, 30, 70, 90), (100, 10, 140, 50))
    seg = np.zeros((H, W), np.int32)
    seg[:, 80:] = 70000
    seg[60:, :] += 300
    seg[20:40, 20:40] = 7
    np.random.seed(seed)
    res = _results(sal, seg)
    res = SaliencyConstrainedCrop(scale=(48, 64))(res)
    res = RandomFlip(prob=0.5, direction='horizontal')(res)
    out_sal, out_seg, box = res['saliency'], res['segments'], res['crop_bbox']
    assert out_sal.shape == (48, 64) and out_seg.shape == (48, 64)
    # the image was built equal to the saliency map: same resampling
    np.testing.assert_array_equal(res['img'][..., 0], out_sal)
    flip = res['flip_direction'] if res['flip'] else None
    # every salient output pixel maps onto (a neighbour of) a salient input
    v, u = np.nonzero(out_sal > 128)
    x, y = output_to_input(u, v, box, (64, 48), flip)
    xi = np.clip(np.round(x).astype(int), 0, W - 1)
    yi = np.clip(np.round(y).astype(int), 0, H - 1)
    near = np.zeros_like(sal, bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            near |= np.roll(np.roll(sal > 128, dy, 0), dx, 1)
    assert near[yi, xi].all()
    # ids: only input ids, and exactly the nearest (pixel-centre) sample
    assert out_seg.dtype == np.int32
    assert set(np.unique(out_seg)) <= set(np.unique(seg))
    x1, y1, x2, y2 = box
    uu = np.arange(64)
    if flip:
        uu = 63 - uu
    cols = x1 + (2 * uu + 1) * (x2 - x1) // 128
    rows = y1 + (2 * np.arange(48) + 1) * (y2 - y1) // 96
    np.testing.assert_array_equal(out_seg, seg[rows[:, None], cols[None]])
    del rng


def test_truncated_normal_stays_in_range_and_centres():
    np.random.seed(0)
    draws = [truncated_normal(10.0, 2.0, 5.0, 30.0) for _ in range(2000)]
    assert min(draws) >= 5.0 and max(draws) <= 30.0
    assert abs(np.mean(draws) - 10.0) < 0.3   # barely truncated
    assert truncated_normal(0.0, 1.0, 100.0, 101.0) == 100.0  # far tail


def test_bad_inputs_are_named():
    crop = SaliencyConstrainedCrop(scale=32)
    img = np.zeros((H, W, 3), np.uint8)
    with pytest.raises(KeyError, match='LoadSaliencyMap'):
        crop(dict(img=img, img_path='a.jpg'))
    with pytest.raises(ValueError, match=r'a\.jpg.*resize=True'):
        crop(dict(img=img, img_path='a.jpg',
                  saliency=np.zeros((10, 10), np.uint8)))
    with pytest.raises(ValueError, match='min_cover'):
        SaliencyConstrainedCrop(min_cover=1.5)


@pytest.mark.parametrize('seed', range(10))
def test_salient_stats_against_numpy(seed):
    from mmloc.datasets.transforms.saliency_crop import SalientStats
    rng = np.random.default_rng(seed)
    sal = np.zeros((H, W), np.uint8)
    x, y = rng.integers(0, W - 5), rng.integers(0, H - 5)
    sal[y:y + rng.integers(8, 30), x:x + rng.integers(8, 30)] = 129
    sal[rng.integers(0, H), rng.integers(0, W)] = 255  # a stray pixel
    st = SalientStats(sal)
    ys, xs = np.nonzero(sal > 128)
    assert st.total == len(xs)
    assert st.bbox() == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
    assert st.count((10, 20, 90, 100)) == ((xs >= 10) & (xs < 90) & (
        ys >= 20) & (ys < 100)).sum()
    cx, cy = st.centre()
    # a subsampled estimate: for an object at least a sampling step wide it
    # stays within a step of the exact centre
    assert abs(cx - (xs.mean() + 0.5)) <= st.stride
    assert abs(cy - (ys.mean() + 0.5)) <= st.stride


def test_salient_stats_single_pixel_is_exact():
    from mmloc.datasets.transforms.saliency_crop import SalientStats
    sal = np.zeros((H, W), np.uint8)
    sal[5, 7] = 255  # between the samples: the estimate uses every pixel
    assert SalientStats(sal).centre() == (7.5, 5.5)

# Copyright (c) mmloc contributors. All rights reserved.
import math

import cv2
import numpy as np
import pytest

from mmloc.datasets.priors import (best_match_miou, count_vanished,
                                   degrade_mask, degrade_tree, mask_iou)
from mmloc.datasets.transforms.loading import LoadSaliencyMap, LoadSegments

MODES = ('dilate', 'erode', 'boundary_noise')


def _disc(r, size=200, dtype=np.uint8):
    m = np.zeros((size, size), np.uint8)
    cv2.circle(m, (size // 2, size // 2), r, 1, -1)
    return m.astype(dtype)


def _rng(seed=0):
    return np.random.default_rng(seed)


@pytest.mark.parametrize('mode,r,d,want_r', [('dilate', 40, 10, 50),
                                             ('erode', 40, 10, 30)])
def test_disc_area_and_iou(mode, r, d, want_r):
    m = _disc(r)
    out = degrade_mask(m, mode, d / 200, _rng())  # level x 200 px = d px
    assert out.dtype == m.dtype and out.shape == m.shape
    assert abs(out.sum() / (math.pi * want_r**2) - 1) < 0.03
    small, big = sorted((r, want_r))
    assert mask_iou(out, m) == pytest.approx(small**2 / big**2, abs=0.02)


def test_dilate_never_takes_another_objects_pixels():
    m = np.zeros((100, 100), np.uint16)
    m[20:60, 20:50], m[20:60, 50:80] = 1, 2  # touching squares
    m[70:90, 20:48], m[70:90, 52:80] = 3, 300  # 4 px gap between them
    out = degrade_mask(m, 'dilate', 0.05, _rng())  # r = 5 px
    assert out.dtype == np.uint16
    np.testing.assert_array_equal(out[m > 0], m[m > 0])
    assert set(np.unique(out)) == {0, 1, 2, 3, 300}
    # the gap's pixels go to the nearer object
    assert (out[70:90, 48:50] == 3).all() and (out[70:90, 50:52] == 300).all()
    assert out[15, 35] == 1 and out[15, 65] == 2 and out[10, 35] == 0


def test_erode_shrinks_each_object_and_counts_vanished():
    m = np.zeros((100, 100), np.int32)
    m[20:60, 20:50], m[20:60, 50:80] = 1, 2  # touching: both shrink
    m[80:84, 80:84] = 3  # 4 px wide, r = 5: vanishes
    out = degrade_mask(m, 'erode', 0.05, _rng())
    assert out.dtype == np.int32
    assert (out[:, 45:55] == 0).all()  # shared edge receded on both sides
    assert out[40, 35] == 1 and out[40, 65] == 2
    assert (out == 1).sum() == (60 - 20 - 10) * (50 - 20 - 10)
    assert count_vanished(out, m) == 1
    assert count_vanished(m, m) == 0


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('dtype', [np.uint8, np.uint16, np.int64])
def test_level_zero_is_identity(mode, dtype):
    m = _disc(30, 64, dtype)
    m[:5, :5] = 7
    out = degrade_mask(m, mode, 0.0, _rng())
    assert out.dtype == m.dtype and out is not m
    np.testing.assert_array_equal(out, m)


def test_boundary_noise_bounds_and_determinism():
    m = _disc(40).astype(np.uint16) * 513
    a = degrade_mask(m, 'boundary_noise', 0.02, _rng(1))  # 4 px std
    b = degrade_mask(m, 'boundary_noise', 0.02, _rng(1))
    c = degrade_mask(m, 'boundary_noise', 0.02, _rng(2))
    assert a.dtype == np.uint16 and set(np.unique(a)) == {0, 513}
    np.testing.assert_array_equal(a, b)
    assert (a != c).any()
    assert 0.6 < mask_iou(a, m) < 0.98
    assert mask_iou(c, m) < 0.98
    # more noise, less agreement
    far = degrade_mask(m, 'boundary_noise', 0.06, _rng(1))
    assert mask_iou(far, m) < mask_iou(a, m)


def test_bad_arguments():
    m = _disc(5, 32)
    with pytest.raises(ValueError, match='mode'):
        degrade_mask(m, 'blur', 0.1, _rng())
    with pytest.raises(ValueError, match='level'):
        degrade_mask(m, 'dilate', -0.1, _rng())
    with pytest.raises(ValueError, match='shape'):
        degrade_mask(np.zeros((4, 4, 3), np.uint8), 'dilate', 0.1, _rng())


def test_metrics_by_hand():
    true = np.array([[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 0, 0], [2, 2, 0, 0]])
    pred = np.array([[0, 0, 5, 5], [0, 0, 5, 0], [7, 7, 7, 0], [7, 7, 0, 0]])
    # true 0 best with pred 0: 7/9; true 1 with 5: 3/4; true 2 with 7: 4/5
    assert best_match_miou(pred, true) == pytest.approx(
        (7 / 9 + 3 / 4 + 4 / 5) / 3)
    assert mask_iou(pred, true) == pytest.approx(7 / 9)
    assert best_match_miou(true, true) == 1.0
    assert mask_iou(np.zeros((3, 3)), np.zeros((3, 3))) == 1.0
    assert count_vanished(np.zeros_like(true), true) == 2


def _tree(root):
    """gt_masks/train-like tree: 0/1 discs, a 2-object 16-bit mask."""
    files = {}
    for i, r in enumerate((10, 14, 18)):
        files[f'00_a/{i}.png'] = _disc(r, 64)
    two = np.zeros((48, 64), np.uint16)
    two[5:25, 5:30], two[20:40, 30:60] = 1, 400
    files['01_b/two.png'] = two
    files['01_b/empty.png'] = np.zeros((40, 40), np.uint8)
    for rel, m in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(root / rel), m)
    return files


def _read(path):
    return cv2.imread(str(path), cv2.IMREAD_UNCHANGED)


@pytest.mark.parametrize('output', ['saliency', 'ids'])
def test_degrade_tree(tmp_path, output):
    files = _tree(tmp_path / 'gt')
    s = degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o1'),
                     'boundary_noise', 0.05, seed=3, output=output)
    s2 = degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o2'),
                      'boundary_noise', 0.05, seed=3, output=output,
                      workers=2)
    assert s == s2 and s['files'] == s['written'] == 5
    ious, mious, vanished = [], [], 0
    for rel, true in files.items():
        got = _read(tmp_path / 'o1' / rel)
        assert got.shape == true.shape
        assert (tmp_path / 'o1' / rel).read_bytes() == \
            (tmp_path / 'o2' / rel).read_bytes()
        if output == 'saliency':
            assert got.dtype == np.uint8 and set(np.unique(got)) <= {0, 255}
        else:
            assert got.dtype == true.dtype
            assert set(np.unique(got)) <= set(np.unique(true))
        ious.append(mask_iou(got, true))
        mious.append(best_match_miou(got, true))
        vanished += count_vanished(got, true)
    assert s['foreground_iou'] == pytest.approx(np.mean(ious))
    assert s['best_match_miou'] == pytest.approx(np.mean(mious))
    assert s['vanished'] == vanished and s['objects'] == 5
    assert 0.3 < s['foreground_iou'] < 1
    # another seed, other priors; a rerun keeps and re-measures the files
    s3 = degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o3'),
                      'boundary_noise', 0.05, seed=4, output=output)
    assert s3['foreground_iou'] != s['foreground_iou']
    again = degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o1'),
                         'boundary_noise', 0.05, seed=3, output=output)
    assert again['skipped'] == 5 and again['written'] == 0
    assert again['foreground_iou'] == s['foreground_iou']


def test_degraded_priors_load(tmp_path):
    _tree(tmp_path / 'gt')
    degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'sal'), 'dilate', 0.1,
                 output='saliency')
    degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'seg'), 'erode', 0.05)
    img = str(tmp_path / 'img' / '01_b' / 'two.jpg')
    res = dict(img=np.zeros((48, 64, 3), np.uint8), img_path=img)
    sal = LoadSaliencyMap(str(tmp_path / 'sal'), str(tmp_path / 'img'))
    assert set(np.unique(sal(dict(res))['saliency'])) == {0, 255}
    seg = LoadSegments(source='file', seg_root=str(tmp_path / 'seg'),
                       img_root=str(tmp_path / 'img'))
    assert set(np.unique(seg(dict(res))['segments'])) == {0, 1, 400}


@pytest.mark.parametrize('workers', [1, 2])
def test_degrade_tree_bad_files(tmp_path, workers):
    _tree(tmp_path / 'gt')
    (tmp_path / 'gt' / '01_b' / 'bad.png').write_bytes(b'not a png')
    with pytest.raises(ValueError, match=r'bad\.png: cannot read'):
        degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o'), 'dilate',
                     0.1, workers=workers)
    (tmp_path / 'gt' / '01_b' / 'bad.png').unlink()
    cv2.imwrite(str(tmp_path / 'gt' / 'rgb.png'), np.zeros((8, 8, 3),
                                                             np.uint8))
    with pytest.raises(ValueError, match=r'rgb\.png: .*shape \(8, 8, 3\)'):
        degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o'), 'dilate',
                     0.1, workers=workers)


def test_degrade_tree_bad_dirs(tmp_path):
    with pytest.raises(ValueError, match='no such directory'):
        degrade_tree(str(tmp_path / 'nope'), str(tmp_path / 'o'), 'dilate',
                     0.1)
    (tmp_path / 'gt').mkdir()
    with pytest.raises(ValueError, match='no .png files'):
        degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'o'), 'dilate',
                     0.1)
    with pytest.raises(ValueError, match='inside'):
        degrade_tree(str(tmp_path / 'gt'), str(tmp_path / 'gt' / 'o'),
                     'dilate', 0.1)

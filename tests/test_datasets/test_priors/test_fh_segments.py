# Copyright (c) mmloc contributors. All rights reserved.
"""``fh_segments`` (full and reduced resolution) and ``fh_file``."""
import importlib

import cv2
import numpy as np
import pytest
from skimage.segmentation import felzenszwalb

from mmloc.datasets.priors import fh_file, fh_segments


def _quadrants(h: int = 96, w: int = 128) -> np.ndarray:
    """Four flat quadrants of distinct colours: any sane FH finds them."""
    img = np.zeros((h, w, 3), np.uint8)
    img[:h // 2, w // 2:] = (255, 0, 0)
    img[h // 2:, :w // 2] = (0, 255, 0)
    img[h // 2:, w // 2:] = (0, 0, 255)
    return img


def test_full_resolution_is_the_reference_call():
    img = np.random.default_rng(0).integers(0, 256, (40, 50, 3), np.uint8)
    expected = felzenszwalb(img, scale=100, sigma=0.5, min_size=20)
    np.testing.assert_array_equal(
        fh_segments(img, 100, 0.5, 20, downscale=1.0), expected)


@pytest.mark.parametrize('downscale', [0.5, 0.25])
def test_reduced_keeps_size_and_regions(downscale):
    """Sharp flat quadrants (no smoothing, seams on the low-resolution
    grid): the reduced mode finds exactly the full-resolution segments."""
    img = _quadrants()
    full = fh_segments(img, sigma=0, min_size=100)
    seg = fh_segments(img, sigma=0, min_size=100, downscale=downscale)
    assert seg.shape == (96, 128) and seg.dtype == np.uint16
    assert len(np.unique(full)) == 4
    np.testing.assert_array_equal(seg, full)


def test_reduced_ids_stay_dense():
    img = np.random.default_rng(0).integers(0, 256, (60, 90, 3), np.uint8)
    seg = fh_segments(img, scale=50, min_size=10, downscale=0.37)
    assert seg.shape == (60, 90)
    # every id 0..n-1 is present after the nearest-neighbour upscale
    assert set(np.unique(seg)) == set(range(int(seg.max()) + 1))


def test_parameters_scale_with_the_area(monkeypatch):
    """min_size shrinks with f**2, FH's scale with sqrt(f), sigma kept."""
    seen = {}

    def fake(img, scale, sigma, min_size):
        seen.update(
            shape=img.shape[:2], scale=scale, sigma=sigma, min_size=min_size)
        return np.zeros(img.shape[:2], np.int64)

    # (the package re-exports the function under the module's name)
    module = importlib.import_module('mmloc.datasets.priors.fh_segments')
    monkeypatch.setattr(module, 'felzenszwalb', fake)
    seg = fh_segments(
        np.zeros((480, 640, 3), np.uint8),
        scale=1000,
        sigma=0.8,
        min_size=1000,
        downscale=0.5)
    assert seg.shape == (480, 640)
    assert seen == dict(
        shape=(240, 320),
        scale=pytest.approx(1000 * 0.5**0.5),
        sigma=0.8,
        min_size=250)


@pytest.mark.parametrize('downscale', [0, -0.5, 1.5])
def test_bad_downscale(downscale):
    with pytest.raises(ValueError, match='downscale must be in'):
        fh_segments(_quadrants(), downscale=downscale)


def test_file_written_at_source_size(tmp_path):
    cv2.imwrite(str(tmp_path / 'q.png'), _quadrants()[..., ::-1])
    fh_file(
        tmp_path / 'q.png',
        tmp_path / 'o' / 'q.png',
        sigma=0,
        min_size=100,
        downscale=0.5)
    out = cv2.imread(str(tmp_path / 'o' / 'q.png'), cv2.IMREAD_UNCHANGED)
    # 4 ids fit 8 bits: an 8-bit PNG (16-bit past 256 ids, test_priors)
    assert out.shape == (96, 128) and out.dtype == np.uint8
    assert len(np.unique(out)) == 4


def test_8bit_file_loads_the_ids_of_the_16bit_one(tmp_path):
    """What DetCon's pipeline gets is unchanged by the 8-bit files: the
    ids of fh_segments, as LoadSegments read them from the 16-bit files
    written before."""
    from mmloc.datasets.transforms.loading import LoadSegments
    img = _quadrants()
    (tmp_path / 'img').mkdir()
    cv2.imwrite(str(tmp_path / 'img' / 'q.png'), img[..., ::-1])
    fh_file(tmp_path / 'img' / 'q.png', tmp_path / 'new' / 'q.png',
            sigma=0, min_size=100)
    ids = fh_segments(img, sigma=0, min_size=100)
    (tmp_path / 'old').mkdir()
    cv2.imwrite(str(tmp_path / 'old' / 'q.png'), ids)  # uint16, as before
    loaded = {}
    for tree in ('new', 'old'):
        out = LoadSegments(
            seg_root=str(tmp_path / tree), img_root=str(tmp_path / 'img'))(
                dict(img=img, img_path=str(tmp_path / 'img' / 'q.png')))
        loaded[tree] = out['segments']
    assert cv2.imread(str(tmp_path / 'new' / 'q.png'),
                      cv2.IMREAD_UNCHANGED).dtype == np.uint8
    assert loaded['new'].dtype == loaded['old'].dtype == np.int32
    np.testing.assert_array_equal(loaded['new'], loaded['old'])
    np.testing.assert_array_equal(loaded['new'], ids)


def test_fh_two_halves(halves):
    seg = fh_segments(halves, min_size=100)
    assert seg.dtype == np.uint16 and len(np.unique(seg)) == 2
    # ids aligned with the halves: each half is one constant, distinct id
    assert len(np.unique(seg[:, :32])) == 1
    assert len(np.unique(seg[:, 32:])) == 1
    assert seg[0, 0] != seg[0, 63]


def test_fh_16bit_roundtrip(tmp_path):
    img = np.random.default_rng(0).integers(0, 256, (64, 64, 3), np.uint8)
    cv2.imwrite(str(tmp_path / 'n.png'), img)
    fh_file(tmp_path / 'n.png', tmp_path / 'o' / 'n.png', scale=1, sigma=0,
            min_size=1)
    out = cv2.imread(str(tmp_path / 'o' / 'n.png'), cv2.IMREAD_UNCHANGED)
    assert out.dtype == np.uint16 and out.max() > 255


def test_fh_min_size_is_respected():
    img = np.random.default_rng(1).integers(0, 256, (48, 48, 3), np.uint8)
    small = fh_segments(img, scale=1, sigma=0, min_size=1)
    seg = fh_segments(img, scale=1, sigma=0, min_size=60)
    sizes = np.bincount(seg.ravel())
    assert sizes.min() >= 60  # FH merges every smaller component
    assert seg.max() < small.max()


def test_fh_more_than_16_bits_of_ids_raises(monkeypatch, halves):
    import sys
    fh = sys.modules['mmloc.datasets.priors.fh_segments']  # not the function
    monkeypatch.setattr(fh, 'felzenszwalb',
                        lambda *a, **k: np.array([[0, 70000]]))
    with pytest.raises(ValueError, match='70001 FH segments.*16-bit'):
        fh.fh_segments(halves)

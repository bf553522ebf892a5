# Copyright (c) mmloc contributors. All rights reserved.
"""The reduced-resolution mode of ``fh_segments``."""
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

# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
import pytest

from mmloc.evaluation import fh_agreement, grid_ids


def test_grid_ids_majority_vote():
    seg = np.zeros((4, 4), np.uint16)
    seg[0, :3] = 7  # top-left cell: 7 x 2, 0 x 2 -> tie -> smaller id 0
    seg[:2, 2:] = 5  # top-right cell: all 5
    seg[2:, :2] = 3
    seg[3, 0] = 9  # bottom-left cell: 3 x 3, 9 x 1 -> 3
    np.testing.assert_array_equal(grid_ids(seg, (2, 2)), [[0, 5], [3, 0]])


def _image(seed=0):
    """Flat regions with seams on even pixels, a little noise."""
    img = np.zeros((64, 96, 3), np.uint8)
    img[:, 48:] = 200
    img[20:44, 10:40] = (30, 160, 60)
    noise = np.random.default_rng(seed).integers(0, 3, img.shape)
    return (img + noise).astype(np.uint8)


def test_full_against_itself_agrees_exactly():
    r = fh_agreement([_image(0), _image(1)], 1.0, min_size=50)
    assert r.images == 2
    assert r.miou == {'full': 1.0, '7x7': 1.0, '14x14': 1.0}
    assert r.segments[0] == r.segments[1]
    assert r.full_s > 0 and r.reduced_s > 0


def test_reduced_on_flat_regions_agrees():
    r = fh_agreement([_image()], 0.5, grids=[(7, 7)], sigma=0, min_size=50)
    assert set(r.miou) == {'full', '7x7'}
    assert r.segments == (3, 3)
    assert r.miou['full'] == r.miou['7x7'] == 1.0


def test_no_images():
    with pytest.raises(ValueError, match='at least one image'):
        fh_agreement([], 0.5)

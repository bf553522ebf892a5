# Copyright (c) mmloc contributors. All rights reserved.
"""Rasterised shapes: area, extent, rotation and holes."""
import numpy as np
import pytest

from mmloc.datasets.synthetic import SYNTHETIC_CLASSES
from mmloc.datasets.synthetic.shapes import place_shape, shape_polygons


def test_place_shape_covers_expected_area():
    for name in SYNTHETIC_CLASSES:
        mask = place_shape(name, (200, 200), (100.0, 100.0), 80.0, 0.3)
        assert mask.dtype == bool and mask.shape == (200, 200)
        frac = mask.sum() / (np.pi * 80.0**2)
        # Inside the unit disc (up to edge pixels), and not degenerate.
        assert 0.15 < frac <= 1.02, name
        ys, xs = np.nonzero(mask)
        assert np.hypot(xs + 0.5 - 100, ys + 0.5 - 100).max() <= 81


def test_unit_frame_vertices_lie_in_the_unit_disc():
    for name, (outer, holes) in shape_polygons().items():
        for poly in outer + holes:
            assert poly.ndim == 2 and poly.shape[1] == 2, name
        for poly in outer:  # holes may reach out (the crescent's does)
            # the cross's tips are at (0.32, 0.95), 0.25 % outside the
            # disc: hence the tolerance
            assert np.hypot(*poly.T).max() <= 1.003, name


def test_square_area_by_hand():
    """The square's corners are on the unit disc: side r * sqrt(2), area
    2 r^2 = 3200 px for r = 40, axis-aligned at angle 0; fillPoly also
    takes the boundary pixels, up to one ring around it (4 x 57 px)."""
    mask = place_shape('square', (100, 100), (50.0, 50.0), 40.0, 0.0)
    assert 3200 <= int(mask.sum()) <= 3200 + 4 * 57
    rows, cols = np.nonzero(mask)
    for idx in (rows, cols):
        assert 56 <= idx.max() - idx.min() + 1 <= 58
        assert idx.min() + idx.max() == 99  # centred on pixel edge 50
    # a quarter turn maps the square onto itself
    turned = place_shape('square', (100, 100), (50.0, 50.0), 40.0, np.pi / 2)
    np.testing.assert_array_equal(turned, mask)


def test_ring_has_a_hole_and_disc_has_none():
    ring = place_shape('ring', (64, 64), (32.0, 32.0), 25.0, 0.0)
    disc = place_shape('disc', (64, 64), (32.0, 32.0), 25.0, 0.0)
    assert disc[32, 32] and not ring[32, 32]
    assert ring[32, 32 + 20] and not (ring & ~disc).any()


def test_unknown_shape_is_a_key_error():
    with pytest.raises(KeyError, match='blob'):
        place_shape('blob', (8, 8), (4.0, 4.0), 3.0, 0.0)

# Copyright (c) mmloc contributors. All rights reserved.
"""The OpenCV per-pixel helpers equal their NumPy definitions."""
import numpy as np

from mmloc.datasets.synthetic.ops import (affine_channels, lerp_colors, paste,
                                          to_uint8)


def test_lerp_colors_by_hand():
    t = np.array([[0.0, 0.5, 1.0]], np.float32)
    out = lerp_colors(t, [[0, 100, 200], [100, 100, 0]])
    np.testing.assert_allclose(out[0],
                               [[0, 100, 200], [50, 100, 100], [100, 100, 0]])


def test_affine_channels_matches_numpy():
    img = np.random.default_rng(0).uniform(0, 255,
                                           (5, 7, 3)).astype(np.float32)
    gains = np.array([1.0, 0.5, -2.0], np.float32)
    offsets = np.array([0.0, 10.0, 300.0], np.float32)
    np.testing.assert_allclose(
        affine_channels(img, gains, offsets),
        img * gains + offsets,
        rtol=1e-5,
        atol=1e-3)


def test_to_uint8_rounds_and_saturates():
    img = np.array([[[-20.0, 0.4, 0.6], [127.5, 254.6, 300.0]]], np.float32)
    out = to_uint8(img)
    assert out.dtype == np.uint8 and out.shape == img.shape
    # negatives clamp to 0 (convertScaleAbs alone would give 20)
    assert out[0, 0].tolist() == [0, 0, 1]
    assert out[0, 1, 1:].tolist() == [255, 255]


def test_paste_matches_where_and_leaves_inputs():
    rng = np.random.default_rng(1)
    bg = rng.integers(0, 256, (6, 8, 3), np.uint8)
    fg = rng.integers(0, 256, (6, 8, 3), np.uint8)
    mask = rng.random((6, 8)) < 0.5
    bg0 = bg.copy()
    np.testing.assert_array_equal(
        paste(bg, fg, mask), np.where(mask[..., None], fg, bg))
    np.testing.assert_array_equal(bg, bg0)

# Copyright (c) mmloc contributors. All rights reserved.
"""Colour helpers: HSV conversion, contrasting pairs, muted colours."""
import numpy as np

from mmloc.datasets.synthetic.colors import (contrasting_pair, hsv_to_rgb,
                                             jitter, muted_colors)

LUMA = np.array([0.299, 0.587, 0.114])


def test_hsv_to_rgb_by_hand():
    rgb = hsv_to_rgb([[0.0, 1, 1], [1 / 3, 1, 1], [2 / 3, 1, 1], [1.0, 1, 1],
                      [0.5, 0, 0.5], [0.3, 1, 0]])
    assert rgb.dtype == np.float32 and rgb.shape == (6, 3)
    np.testing.assert_allclose(
        rgb, [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 0, 0],
              [127.5, 127.5, 127.5], [0, 0, 0]],
        atol=0.05)


def test_contrasting_pairs_differ_in_luma_and_hue():
    gaps = []
    for seed in range(200):
        pair = contrasting_pair(np.random.default_rng(seed))
        assert pair.shape == (2, 3)
        assert pair.min() >= 0 and pair.max() <= 255 + 1e-3
        gaps.append(abs(pair[0] @ LUMA - pair[1] @ LUMA))
    # redrawn until the gap is met: at most a rare pair falls short
    assert np.mean(np.array(gaps) >= 70) > 0.97


def test_muted_colors_stay_desaturated():
    cols = muted_colors(np.random.default_rng(0), 500)
    assert cols.shape == (500, 3)
    mx, mn = cols.max(1), cols.min(1)
    # HSV value and saturation are max / 255 and (max - min) / max
    assert mx.min() >= 0.35 * 255 - 0.1 and mx.max() <= 0.85 * 255 + 0.1
    sat = (mx - mn) / mx
    assert sat.min() >= 0.15 - 1e-3 and sat.max() <= 0.5 + 1e-3


def test_zero_jitter_is_the_identity():
    img = np.random.default_rng(0).uniform(0, 255,
                                           (8, 8, 3)).astype(np.float32)
    np.testing.assert_allclose(
        jitter(img, np.random.default_rng(1), strength=0.0), img, atol=1e-3)

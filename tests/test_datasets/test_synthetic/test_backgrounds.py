# Copyright (c) mmloc contributors. All rights reserved.
"""Background families: valid, varied, distinguishable images."""
import numpy as np
import pytest

from mmloc.datasets.synthetic import BACKGROUND_FAMILIES, render_background


@pytest.mark.parametrize('family', range(len(BACKGROUND_FAMILIES)))
def test_background_families(family):
    imgs = [
        render_background(np.random.default_rng(i), family, (48, 64))
        for i in range(3)
    ]
    for img in imgs:
        assert img.shape == (48, 64, 3) and img.dtype == np.uint8
        assert img.std() > 3  # not a flat colour
    # Random crops / parameters: no two backgrounds are the same.
    assert not np.array_equal(imgs[0], imgs[1])


def _features(img: np.ndarray) -> np.ndarray:
    f = img.astype(np.float32)
    gx = np.abs(np.diff(f, axis=1)).mean()
    gy = np.abs(np.diff(f, axis=0)).mean()
    small = f[::4, ::4]
    gs = np.abs(np.diff(small, axis=1)).mean()
    return np.array(
        [*f.mean((0, 1)), *f.std((0, 1)), gx, gy, gs,
         f.std(2).mean()])


def test_families_are_distinguishable():
    """A nearest-centroid classifier on simple colour / edge statistics
    tells the families apart: they are different textures, not noise."""
    n = len(BACKGROUND_FAMILIES)
    feats = np.array([[
        _features(
            render_background(np.random.default_rng([f, i]), f, (96, 96)))
        for i in range(24)
    ] for f in range(n)])
    mu, sd = feats.reshape(-1, feats.shape[-1]).mean(0), feats.reshape(
        -1, feats.shape[-1]).std(0)
    feats = (feats - mu) / sd
    centroids = feats[:, :12].mean(1)
    test = feats[:, 12:]
    d = ((test[:, :, None] - centroids[None, None])**2).sum(-1)
    acc = (d.argmin(-1) == np.arange(n)[:, None]).mean()
    assert acc > 0.75


@pytest.mark.parametrize('family', [0, BACKGROUND_FAMILIES.index('voronoi')])
def test_same_rng_same_background(family):
    a = render_background(np.random.default_rng(3), family, (20, 30))
    b = render_background(np.random.default_rng(3), family, (20, 30))
    np.testing.assert_array_equal(a, b)


def test_zero_contrast_is_the_mean_colour():
    """contrast scales the deviations from the mean colour: at 0 the image
    is flat (up to rounding), and its colour is the contrast-1 mean."""
    full = render_background(np.random.default_rng(0), 7, (32, 32))
    flat = render_background(
        np.random.default_rng(0), 7, (32, 32), contrast=0.0)
    assert flat.reshape(-1, 3).ptp(0).max() == 0
    np.testing.assert_allclose(
        flat[0, 0], full.reshape(-1, 3).mean(0), atol=1.5)

# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
import pytest

from mmloc.datasets.synthetic import (BACKGROUND_FAMILIES, CLASS_TEXTURES,
                                      SYNTHETIC_CLASSES, render_background,
                                      render_sample)
from mmloc.datasets.synthetic.shapes import place_shape, shape_polygons
from mmloc.datasets.synthetic.textures import TEXTURES


def _render(seed, labels=(0, ), family=0, size=64, **kwargs):
    return render_sample(
        np.random.default_rng(seed), size, list(labels), family, **kwargs)


def test_names():
    assert len(SYNTHETIC_CLASSES) == 10
    assert len(set(SYNTHETIC_CLASSES)) == 10
    assert len(BACKGROUND_FAMILIES) >= 10
    assert len(set(BACKGROUND_FAMILIES)) == len(BACKGROUND_FAMILIES)
    assert set(shape_polygons()) == set(SYNTHETIC_CLASSES)
    # One texture per class: classes differ in shape AND texture.
    assert sorted(CLASS_TEXTURES.values()) == sorted(TEXTURES)


@pytest.mark.parametrize('label', range(10))
def test_sample_layers_are_consistent(label):
    s = _render(label, labels=(label, ), family=label)
    h, w = 64, 64
    assert s.img.shape == s.background.shape == s.foreground.shape
    assert s.img.shape == (h, w, 3) and s.img.dtype == np.uint8
    assert s.semantic.shape == (h, w) and s.semantic.dtype == np.uint8
    assert s.instances.shape == (h, w) and s.instances.dtype == np.int32
    assert s.labels.tolist() == [label] and s.label == label
    assert s.family == label
    mask = s.fg_mask
    np.testing.assert_array_equal(
        s.img, np.where(mask[..., None], s.foreground, s.background))
    assert (s.foreground[~mask] == 0).all()
    np.testing.assert_array_equal(s.semantic, mask * (label + 1))
    rows, cols = np.nonzero(mask)
    np.testing.assert_array_equal(
        s.boxes[0],
        [cols.min(), rows.min(),
         cols.max() + 1,
         rows.max() + 1])
    # The whole object is in the image, large enough to recognise.
    assert 0.02 * h * w < mask.sum() < 0.6 * h * w
    # Textured in two colours, never one flat colour.
    assert len(np.unique(s.foreground[mask], axis=0)) >= 2


def test_colours_are_not_the_cue():
    samples = [_render(seed, labels=(3, )) for seed in range(20)]
    means = np.array([s.foreground[s.fg_mask].mean(0) for s in samples])
    # The same class takes very different colours from one image to another.
    assert means.std(0).min() > 20


def test_render_is_deterministic():
    a, b = _render(7, labels=(1, 2, 3)), _render(7, labels=(1, 2, 3))
    for field in ('img', 'background', 'semantic', 'instances', 'boxes'):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.img, _render(8, labels=(1, 2, 3)).img)


def test_occlusion_and_dropping():
    for seed in range(30):
        s = _render(seed, labels=(0, 1, 2, 3, 4), family=5, size=96)
        areas = np.bincount(s.instances.ravel())[1:]
        assert len(areas) == s.num_instances == len(s.boxes)
        # Ids are consecutive and each kept instance is visible enough.
        assert (areas >= 20).all()
        assert s.label == 4 and s.labels[-1] == 4
        masks = s.instance_masks()
        assert (masks.sum(0) <= 1).all()
        for mask, label in zip(masks, s.labels):
            assert (s.semantic[mask] == label + 1).all()
    # Everything but the main object is dropped under a huge threshold.
    s = _render(0, labels=(0, 1, 2), min_visible_area=10**6)
    assert s.labels.tolist() == [2]
    assert set(np.unique(s.instances)) == {0, 1}


def test_place_shape_covers_expected_area():
    for name in SYNTHETIC_CLASSES:
        mask = place_shape(name, (200, 200), (100.0, 100.0), 80.0, 0.3)
        assert mask.dtype == bool and mask.shape == (200, 200)
        frac = mask.sum() / (np.pi * 80.0**2)
        # Inside the unit disc (up to edge pixels), and not degenerate.
        assert 0.15 < frac <= 1.02, name
        ys, xs = np.nonzero(mask)
        assert np.hypot(xs + 0.5 - 100, ys + 0.5 - 100).max() <= 81


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


def test_objects_stand_out_from_backgrounds():
    diffs = []
    for family in range(len(BACKGROUND_FAMILIES)):
        for seed in range(10):
            rng = np.random.default_rng([family, seed])
            s = render_sample(rng, 64, [seed % 10], family)
            mask = s.fg_mask
            fg = s.img[mask].astype(np.float32)
            bg = s.background[mask].astype(np.float32)
            diffs.append(np.abs(fg - bg).mean())
    # Mean absolute difference with what the object hides.
    assert np.mean(diffs) > 50
    assert np.percentile(diffs, 5) > 20

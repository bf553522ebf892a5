# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
import pytest

from mmloc.datasets.synthetic import BACKGROUND_FAMILIES, render_sample


def _render(seed, labels=(0, ), family=0, size=64, **kwargs):
    return render_sample(
        np.random.default_rng(seed), size, list(labels), family, **kwargs)


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

# Copyright (c) mmloc contributors. All rights reserved.
"""The Backgrounds Challenge layout and its five variants."""
import json
import os.path as osp

import cv2
import numpy as np
import pytest

from mmloc.datasets.synthetic import (BACKGROUND_FAMILIES, BGC_VARIANTS,
                                      bg_challenge_for, class_folder,
                                      draw_sample, render_bg_challenge,
                                      render_sample)
from mmloc.datasets.synthetic.files import sample_stem


def _read_rgb(path: str) -> np.ndarray:
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    assert img is not None, path
    return img[..., ::-1]


def _variants(root: str, rel: str, ext: str) -> dict:
    return {
        v: _read_rgb(osp.join(root, v, 'val', rel + ext))
        for v in BGC_VARIANTS
    }


@pytest.mark.parametrize('variant', BGC_VARIANTS)
def test_variants_load_with_custom_dataset(jpg_data, variant):
    from mmpretrain.datasets import CustomDataset
    root = osp.join(jpg_data.out_dir, 'bg_challenge')
    ds = CustomDataset(
        data_root=root,
        data_prefix=f'{variant}/val',
        pipeline=[dict(type='LoadImageFromFile')])
    assert len(ds) == jpg_data.num_images('val')
    assert ds.CLASSES == tuple(class_folder(c) for c in range(10))
    labels = [ds.get_data_info(i)['gt_label'] for i in range(len(ds))]
    assert np.bincount(labels).tolist() == [jpg_data.counts['val']] * 10
    assert ds[0]['img'].shape == (64, 64, 3)
    # The benchmark has no training images.
    assert not osp.exists(osp.join(root, variant, 'train'))


def test_variant_pixels(png_data):
    root = osp.join(png_data.out_dir, 'bg_challenge')
    with open(osp.join(root, 'meta', 'val.json')) as f:
        meta = json.load(f)
    assert len(meta) == png_data.num_images('val')
    for index, record in enumerate(meta):
        sample = draw_sample(png_data, 'val', index)
        rel = osp.join(class_folder(sample.label), sample_stem('val', index))
        assert record['path'] == rel + '.png'
        assert record['label'] == record['same_family'] == sample.label
        assert record['family'] == sample.family
        imgs = _variants(root, rel, '.png')
        mask = np.load(osp.join(root, 'fg_mask', 'val', rel + '.npy'))
        assert mask.dtype == bool
        np.testing.assert_array_equal(mask, sample.fg_mask)
        # One object: "original" is the very image of the other formats.
        np.testing.assert_array_equal(imgs['original'], sample.img)
        imagenet = _read_rgb(
            osp.join(png_data.out_dir, 'imagenet', 'val', rel + '.png'))
        np.testing.assert_array_equal(imgs['original'], imagenet)
        assert (imgs['only_fg'][~mask] == 0).all()
        assert (imgs['no_fg'][mask] == 0).all()
        np.testing.assert_array_equal(imgs['no_fg'][~mask],
                                      sample.background[~mask])
        for variant in ('only_fg', 'mixed_same', 'mixed_rand'):
            np.testing.assert_array_equal(imgs[variant][mask],
                                          imgs['original'][mask])
        # Mixed variants really change the background.
        for variant in ('mixed_same', 'mixed_rand'):
            assert not np.array_equal(imgs[variant][~mask],
                                      imgs['original'][~mask])


def test_mixed_same_uses_the_correlated_family():
    rng = np.random.default_rng(0)
    sample = render_sample(rng, 64, [6], family=2)
    bgc = render_bg_challenge(sample, rng, len(BACKGROUND_FAMILIES))
    assert bgc.same_family == 6 and bgc.family == 2


def test_mixed_rand_families_are_spread():
    n = len(BACKGROUND_FAMILIES)
    sample = render_sample(np.random.default_rng(0), 48, [1], family=1)
    families = [
        render_bg_challenge(sample, np.random.default_rng(i), n).rand_family
        for i in range(400)
    ]
    counts = np.bincount(families, minlength=n)
    # Uniform over all families: expected 36 each, sd ~6.
    assert counts.min() >= 15 and counts.max() <= 60


def test_bgc_rejects_multi_object_samples():
    rng = np.random.default_rng(0)
    sample = render_sample(rng, 96, [1, 2, 3], family=0, min_visible_area=1)
    assert sample.num_instances > 1
    with pytest.raises(ValueError, match='one object per image'):
        render_bg_challenge(sample, rng, len(BACKGROUND_FAMILIES))


def test_bgc_from_multi_object_data_is_single_object(multi_data):
    root = osp.join(multi_data.out_dir, 'bg_challenge')
    n_multi = 0
    for index in range(multi_data.num_images('val')):
        sample = draw_sample(multi_data, 'val', index)
        bgc = bg_challenge_for(multi_data, 'val', index, sample)
        rel = osp.join(class_folder(sample.label), sample_stem('val', index))
        mask = np.load(osp.join(root, 'fg_mask', 'val', rel + '.npy'))
        np.testing.assert_array_equal(mask, bgc.fg_mask)
        n_components = cv2.connectedComponents(mask.astype(np.uint8))[0] - 1
        if sample.num_instances > 1:
            n_multi += 1
            # Re-rendered with the main class on the same family.
            assert bgc.label == sample.label and bgc.family == sample.family
        # Most shapes are one blob (a crescent can split in two).
        assert 1 <= n_components <= 2
        imgs = _variants(root, rel, '.png')
        np.testing.assert_array_equal(imgs['original'], bgc.images['original'])
    assert n_multi > 0

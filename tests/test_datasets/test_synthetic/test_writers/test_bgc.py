# Copyright (c) mmloc contributors. All rights reserved.
"""The Backgrounds Challenge layout: five variant folders, masks, meta."""
import json
import os.path as osp

import cv2
import numpy as np
import pytest

from mmloc.datasets.synthetic import (BGC_VARIANTS, bg_challenge_for,
                                      class_folder, draw_sample)
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

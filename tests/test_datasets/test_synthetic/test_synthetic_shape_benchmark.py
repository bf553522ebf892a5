# Copyright (c) mmloc contributors. All rights reserved.
"""The shape benchmark's generator options: ``class_cue='shape'`` (texture
drawn per instance, the silhouette alone tells the class) and
``backgrounds_per_family`` (finite background pools)."""
import collections
import glob
import os.path as osp

import cv2
import numpy as np
import pytest

from mmloc.datasets.synthetic import (CLASS_TEXTURES, SYNTHETIC_CLASSES,
                                      SyntheticConfig, bg_challenge_for,
                                      draw_sample, generate, render_sample)
from mmloc.datasets.synthetic import render as render_module
from mmloc.datasets.synthetic.sampling import pooled_background
from mmloc.datasets.synthetic.textures import TEXTURES


def _textures_used(monkeypatch, class_cue, labels):
    """The texture name each render of ``labels[i]`` painted."""
    used = []
    real = render_module.paint_texture

    def spy(name, *args):
        used.append(name)
        return real(name, *args)

    monkeypatch.setattr(render_module, 'paint_texture', spy)
    for i, label in enumerate(labels):
        render_sample(np.random.default_rng(i), 64, [label], 0,
                      class_cue=class_cue)
    return used


def test_shape_cue_draws_textures_independently_of_the_class(monkeypatch):
    labels = [i % 10 for i in range(400)]
    used = _textures_used(monkeypatch, 'shape', labels)
    by_class = collections.defaultdict(collections.Counter)
    for label, name in zip(labels, used):
        by_class[label][name] += 1
    for label, counts in by_class.items():
        # 40 draws of 10 equally likely textures: every class sees most of
        # the pool, and no texture dominates a class
        assert len(counts) >= 8, (label, counts)
        assert max(counts.values()) <= 12, (label, counts)
    # pooled over classes the draw is uniform (chi-square, 9 dof, p > 0.001)
    total = collections.Counter(used)
    assert set(total) == set(TEXTURES)
    chi2 = sum((n - 40)**2 / 40 for n in total.values())
    assert chi2 < 27.9


def test_shape_texture_cue_keeps_each_class_texture(monkeypatch):
    labels = list(range(10)) * 3
    used = _textures_used(monkeypatch, 'shape_texture', labels)
    assert used == [CLASS_TEXTURES[SYNTHETIC_CLASSES[c]] for c in labels]


def test_shape_cue_keeps_the_silhouette():
    """Same rng draws up to the texture: the same mask as the textured
    render of the class; only the pixels inside differ."""
    for label in range(10):
        a = render_sample(np.random.default_rng(label), 64, [label], 0)
        b = render_sample(np.random.default_rng(label), 64, [label], 0,
                          class_cue='shape')
        np.testing.assert_array_equal(a.semantic, b.semantic)
        assert (b.semantic == label + 1).sum() > 50


def test_textured_benchmark_is_unchanged():
    """The original benchmark's images are byte-identical to those written
    before the shape options existed (sum measured on that version)."""
    cfg = SyntheticConfig(size=96, num_per_class=4)
    assert int(draw_sample(cfg, 'train', 3).img.sum()) == 3185101


def test_unknown_class_cue_is_refused():
    with pytest.raises(ValueError, match='class_cue'):
        SyntheticConfig(class_cue='colour')
    with pytest.raises(ValueError, match='class_cue'):
        render_sample(np.random.default_rng(0), 64, [0], 0, class_cue='x')
    with pytest.raises(ValueError, match='backgrounds_per_family'):
        SyntheticConfig(backgrounds_per_family=-1)


def test_background_pools_are_shared_across_images_and_splits():
    cfg = SyntheticConfig(size=64, num_per_class=30, spurious=1.0,
                          class_cue='shape', backgrounds_per_family=3)
    pools = collections.defaultdict(set)
    for split in ('train', 'val'):
        for index in range(0, 300, 3):
            s = draw_sample(cfg, split, index)
            pools[s.family].add(s.background.tobytes())
    for family, seen in pools.items():
        expected = {pooled_background(0, family, k, (64, 64)).tobytes()
                    for k in range(3)}
        # 20 images per family and split: all from, and most of, the pool
        assert seen <= expected and len(seen) >= 2, family
    fresh = SyntheticConfig(size=64, num_per_class=30, spurious=1.0)
    assert len({draw_sample(fresh, 'train', i).background.tobytes()
                for i in range(0, 30, 3)}) == 10


def test_bg_challenge_mixed_backgrounds_come_from_the_pools():
    cfg = SyntheticConfig(size=64, num_per_class=5, class_cue='shape',
                          backgrounds_per_family=2)
    for index in range(0, 50, 7):
        sample = draw_sample(cfg, 'val', index)
        bgc = bg_challenge_for(cfg, 'val', index, sample)
        bg = ~bgc.fg_mask
        for variant, family in (('mixed_same', bgc.same_family),
                                ('mixed_rand', bgc.rand_family)):
            pool = [pooled_background(0, family, k, (64, 64))
                    for k in range(2)]
            img = bgc.images[variant]
            assert any(np.array_equal(img[bg], p[bg]) for p in pool), variant


def test_shape_benchmark_layouts(tmp_path):
    """Every layout the evidence experiment reads is written for the shape
    variant, with masks that agree with the images."""
    cfg = SyntheticConfig(out_dir=str(tmp_path), size=64, num_per_class=2,
                          formats=('imagenet', 'bgc', 'voc', 'coco'),
                          class_cue='shape', backgrounds_per_family=2,
                          img_format='png', workers=1)
    generate(cfg, progress=False)
    images = sorted(glob.glob(str(tmp_path / 'imagenet/train/*/*.png')))
    assert len(images) == 20
    for path in images[::5]:
        rel = osp.relpath(path, tmp_path / 'imagenet/train')
        mask = cv2.imread(str(tmp_path / 'imagenet/gt_masks/train' / rel),
                          cv2.IMREAD_UNCHANGED)
        index = images.index(path)
        np.testing.assert_array_equal(
            mask > 0, draw_sample(cfg, 'train', index).fg_mask)
    for variant in ('original', 'only_fg', 'no_fg', 'mixed_same',
                    'mixed_rand'):
        assert len(glob.glob(str(tmp_path / f'bg_challenge/{variant}/val/*/*'
                                 ))) == 20, variant
    assert (tmp_path / 'coco/annotations/instances_train2017.json').exists()
    assert len(glob.glob(str(
        tmp_path / 'VOCdevkit/VOC2012/SegmentationClass/*.png'))) == 40

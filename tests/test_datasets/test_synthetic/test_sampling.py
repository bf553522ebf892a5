# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
import pytest

from mmloc.datasets.synthetic import (BACKGROUND_FAMILIES, SyntheticConfig,
                                      choose_family, draw_sample,
                                      label_of_index, sample_rng)

NUM_FAMILIES = len(BACKGROUND_FAMILIES)


def test_sample_rng_depends_on_every_key():
    draws = {
        key: sample_rng(*key).random()
        for key in [(0, 'train', 0), (1, 'train',
                                      0), (0, 'val', 0), (0, 'train',
                                                          1), (0, 'train', 0,
                                                               1)]
    }
    assert len(set(draws.values())) == len(draws)
    assert sample_rng(0, 'train', 0).random() == draws[(0, 'train', 0)]


def test_labels_come_in_blocks():
    labels = [label_of_index(i, 3) for i in range(30)]
    assert labels == sorted(labels)
    assert np.bincount(labels).tolist() == [3] * 10


def test_spurious_one_always_picks_the_class_family(tmp_path):
    cfg = SyntheticConfig(
        out_dir=str(tmp_path), size=32, spurious=1.0, num_per_class=3)
    for index in range(cfg.num_images('train')):
        sample = draw_sample(cfg, 'train', index)
        assert sample.family == sample.label == index // 3


def test_spurious_frequency():
    rng = np.random.default_rng(0)
    n, label = 20000, 4
    families = np.array(
        [choose_family(rng, label, 0.9, NUM_FAMILIES) for _ in range(n)])
    # Binomial sd is 0.002: 0.01 is a 5-sigma tolerance.
    assert abs((families == label).mean() - 0.9) < 0.01
    others = np.bincount(families[families != label], minlength=NUM_FAMILIES)
    assert others[label] == 0
    expected = (families != label).sum() / (NUM_FAMILIES - 1)
    # Every other family is equally likely (loose chi-square bound).
    chi2 = (((others - expected)**2) /
            expected)[np.arange(NUM_FAMILIES) != label].sum()
    assert chi2 < 40


def test_spurious_zero_never_picks_the_class_family():
    rng = np.random.default_rng(1)
    assert all(
        choose_family(rng, c % 10, 0.0, NUM_FAMILIES) != c % 10
        for c in range(500))


def test_val_spurious_defaults_to_train(tmp_path):
    cfg = SyntheticConfig(out_dir=str(tmp_path), spurious=0.7)
    assert cfg.split_spurious('val') == cfg.split_spurious('train') == 0.7
    cfg = SyntheticConfig(
        out_dir=str(tmp_path), spurious=0.7, val_spurious=0.1)
    assert cfg.split_spurious('val') == 0.1


def test_draw_sample_in_any_order_is_identical(tmp_path):
    cfg = SyntheticConfig(
        out_dir=str(tmp_path),
        size=48,
        num_per_class=2,
        objects_per_image=(1, 3))
    forward = [draw_sample(cfg, 'val', i).img for i in range(6)]
    backward = [draw_sample(cfg, 'val', i).img for i in reversed(range(6))]
    for a, b in zip(forward, reversed(backward)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize('objects', [(1, 1), (2, 3)])
def test_objects_per_image(tmp_path, objects):
    cfg = SyntheticConfig(
        out_dir=str(tmp_path),
        size=96,
        num_per_class=5,
        objects_per_image=objects,
        min_visible_area=1)
    counts = [
        draw_sample(cfg, 'train', i).num_instances
        for i in range(cfg.num_images('train'))
    ]
    # Instances can only disappear by occlusion (area < 1 px here).
    assert max(counts) <= objects[1]
    assert np.mean(counts) >= objects[0] - 0.1

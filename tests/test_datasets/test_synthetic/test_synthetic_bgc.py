# Copyright (c) mmloc contributors. All rights reserved.
"""The Backgrounds Challenge variants of a sample (bg_challenge.py); the
written layout is tested in test_writers/test_bgc.py."""
import numpy as np
import pytest

from mmloc.datasets.synthetic import (BACKGROUND_FAMILIES,
                                      render_bg_challenge, render_sample)


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

# Copyright (c) mmloc contributors. All rights reserved.
"""Results dicts with priors shared by the view / packing tests."""
import numpy as np
import pytest

H, W = 60, 80


def _prior_results(seed=0, empty=False):
    """A ``H x W`` image with a saliency box (none if ``empty``) and a
    20-pixel grid of segment ids, as the loading transforms leave it."""
    rng = np.random.default_rng(seed)
    sal = np.zeros((H, W), np.uint8)
    if not empty:
        sal[10:40, 20:50] = 200
    seg = (np.arange(H)[:, None] // 20 * 4 + np.arange(W)[None] // 20)
    return dict(
        img=rng.integers(0, 255, (H, W, 3), np.uint8),
        saliency=sal,
        segments=seg.astype(np.int32),
        img_path=f'img{seed}.jpg',
        img_shape=(H, W))


def _view_pipeline(kind='SaliencyConstrainedCrop'):
    """One view's pipeline: a 32 x 32 crop of type ``kind`` and a flip."""
    return [dict(type=kind, scale=32), dict(type='RandomFlip', prob=0.5)]


@pytest.fixture
def prior_results():
    """``prior_results(seed=0, empty=False)`` -> a fresh results dict."""
    return _prior_results


@pytest.fixture
def view_pipeline():
    """``view_pipeline(kind='SaliencyConstrainedCrop')`` -> transform cfgs."""
    return _view_pipeline

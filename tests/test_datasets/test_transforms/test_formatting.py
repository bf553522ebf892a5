# Copyright (c) mmloc contributors. All rights reserved.
"""PackLocInputs packs the prior maps as ``(V, 1, H, W)`` / ``(V, H, W)``."""
import numpy as np
import pytest
import torch

from mmloc.datasets.transforms.formatting import (PackLocInputs,
                                                  stack_view_maps)

H, W = 60, 80  # the size of the ``prior_results`` fixture (conftest.py)


def test_single_view_is_one_view(prior_results):
    packed = PackLocInputs()(prior_results())
    assert packed['data_samples'].saliency.shape == (1, 1, H, W)
    assert packed['data_samples'].segments.shape == (1, H, W)


def test_views_of_different_size_cannot_be_packed(prior_results):
    res = prior_results()
    res['saliency'] = [np.zeros((4, 4), np.uint8), np.zeros((8, 8), np.uint8)]
    with pytest.raises(ValueError, match='different sizes'):
        PackLocInputs()(res)


def test_stack_view_maps_keeps_values_dtype_and_view_order():
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    b = a[:, ::-1]  # a flipped, non-contiguous view
    out = stack_view_maps([a, b], channel=False)
    assert out.shape == (2, 2, 3) and out.dtype == torch.int32
    assert out[1].tolist() == [[2, 1, 0], [5, 4, 3]]
    one = stack_view_maps(a.astype(np.uint8), channel=True)
    assert one.shape == (1, 1, 2, 3) and one.dtype == torch.uint8
    assert one.flatten().tolist() == list(range(6))


def test_prior_meta_keys_are_added_once():
    keys = PackLocInputs(meta_keys=['img_path', 'crop_bbox']).meta_keys
    assert keys == ('img_path', 'crop_bbox', 'swap_partners',
                    'prior_fallbacks')


def test_crop_record_and_fallbacks_reach_the_metainfo(prior_results):
    res = prior_results()
    res['crop_bbox'] = [(0, 0, 8, 8)]
    res['prior_fallbacks'] = {'LoadSaliencyMap.missing': 1}
    del res['segments']
    sample = PackLocInputs(meta_keys=['img_path'])(res)['data_samples']
    assert sample.metainfo['crop_bbox'] == [(0, 0, 8, 8)]
    assert sample.metainfo['prior_fallbacks'] == {'LoadSaliencyMap.missing': 1}
    assert 'swap_partners' not in sample.metainfo  # absent keys are skipped
    assert 'segments' not in sample and 'saliency' in sample

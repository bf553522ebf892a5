# Copyright (c) mmloc contributors. All rights reserved.
"""MultiImageMixDataset builds its parts in mmloc's scope and feeds
multi-image transforms (SaliencySwap) their partners."""
import cv2
import numpy as np
import pytest
import torch
from mmengine.registry import DefaultScope

from mmloc.datasets.dataset_wrappers import (MultiImageMixDataset,
                                             _ancestor_scopes)
from mmloc.registry import DATASETS


def _write_tree(root, n=4):
    rng = np.random.default_rng(0)
    (root / 'img' / 'c').mkdir(parents=True)
    (root / 'sal' / 'c').mkdir(parents=True)
    for i in range(n):
        img = rng.integers(0, 256, (48, 72, 3), dtype=np.uint8)
        sal = np.zeros((48, 72), np.uint8)
        sal[10 + i:30, 20:40 + i] = 255
        cv2.imwrite(str(root / 'img' / 'c' / f'{i}.png'), img)
        cv2.imwrite(str(root / 'sal' / 'c' / f'{i}.png'), sal)


def _wrapper_cfg(root):
    return dict(
        dataset=dict(
            type='CustomDataset',
            data_root=str(root),
            data_prefix='img',
            with_label=False,
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(
                    type='LoadSaliencyMap',
                    map_root=str(root / 'sal'),
                    img_root=str(root / 'img'))
            ]),
        pipeline=[
            dict(type='SaliencySwap', scale=64),
            dict(type='PackLocInputs')
        ])


def _check_packed(dataset):
    assert len(dataset) == 4
    packed = dataset[0]
    inputs, sample = packed['inputs'], packed['data_samples']
    assert isinstance(inputs, list) and len(inputs) == 2
    assert all(x.shape == (3, 64, 64) for x in inputs)
    assert sample.saliency.shape == (2, 1, 64, 64)
    assert sample.saliency.dtype == torch.uint8
    assert 0 < (sample.saliency == 255).sum() < sample.saliency.numel()
    partners = sample.metainfo['swap_partners']
    assert len(partners) == 2 and all(0 <= i < 4 for i in partners)


def test_multi_image_mix_dataset_end_to_end(tmp_path):
    _write_tree(tmp_path)
    with DefaultScope.overwrite_default_scope('mmloc'):
        dataset = DATASETS.build(
            dict(type='MultiImageMixDataset', **_wrapper_cfg(tmp_path)))
    assert type(dataset) is MultiImageMixDataset
    _check_packed(dataset)


def test_wrapper_builds_outside_mmloc_scope(tmp_path):
    # mmdet's own wrapper would resolve SaliencySwap in mmpretrain's
    # registry here and fail; mmloc's builds in mmloc's scope
    _write_tree(tmp_path)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = MultiImageMixDataset(**_wrapper_cfg(tmp_path))
    assert [type(t).__name__
            for t in dataset.pipeline] == ['SaliencySwap', 'PackLocInputs']
    _check_packed(dataset)


def test_ancestor_scopes_of_the_mmloc_registry():
    # mmloc's registries hang under mmpretrain's, which hang under mmengine's
    assert _ancestor_scopes(DATASETS) == {'mmpretrain', 'mmengine'}


@pytest.mark.parametrize('scope', [None, 'mmengine'])
def test_builds_in_mmloc_scope_without_a_scope_or_an_ancestor_one(
        tmp_path, scope):
    _write_tree(tmp_path)
    if scope is None:
        dataset = MultiImageMixDataset(**_wrapper_cfg(tmp_path))
    else:
        with DefaultScope.overwrite_default_scope(scope):
            dataset = MultiImageMixDataset(**_wrapper_cfg(tmp_path))
    assert type(dataset.pipeline[0]).__module__ == \
        'mmloc.datasets.transforms.saliency_swap'
    assert len(dataset) == 4


def test_another_scope_is_left_alone(tmp_path):
    """Under mmdet's scope the parts resolve in mmdet's registries, which
    do not know mmloc's SaliencySwap: the wrapper does not override it."""
    _write_tree(tmp_path)
    with DefaultScope.overwrite_default_scope('mmdet'):
        with pytest.raises(KeyError, match='SaliencySwap'):
            MultiImageMixDataset(**_wrapper_cfg(tmp_path))

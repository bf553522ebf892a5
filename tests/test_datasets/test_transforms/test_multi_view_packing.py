# Copyright (c) mmloc contributors. All rights reserved.
"""Integration: MultiView -> PackLocInputs -> collate -> LocDataPreprocessor
batches the priors as ``(N, 1, H, W)`` / ``(N, H, W)`` per view.

The units have their own modules: test_multi_view.py, test_formatting.py."""
import pytest
import torch
from mmengine.dataset import default_collate

from mmloc.datasets.transforms.formatting import PackLocInputs
from mmloc.datasets.transforms.multi_view import MultiView
from mmloc.models.utils import LocDataPreprocessor, stack_priors


def test_pack_and_preprocess_batch_views(prior_results, view_pipeline):
    mv = MultiView(num_views=2, transforms=[view_pipeline()])
    pack = PackLocInputs()
    batch = default_collate([pack(mv(prior_results(i))) for i in range(3)])
    sample = batch['data_samples'][0]
    assert sample.saliency.shape == (2, 1, 32, 32)
    assert sample.saliency.dtype == torch.uint8
    assert sample.segments.shape == (2, 32, 32)
    assert len(sample.crop_bbox) == 2
    pre = LocDataPreprocessor(mean=[0, 0, 0], std=[1, 1, 1],
                              require=['saliency', 'segments'])
    data = pre(batch, training=True)
    assert [x.shape for x in data['inputs']] == [(3, 3, 32, 32)] * 2
    sal = stack_priors(data['data_samples'], 'saliency')
    seg = stack_priors(data['data_samples'], 'segments')
    assert [s.shape for s in sal] == [(3, 1, 32, 32)] * 2
    assert [s.shape for s in seg] == [(3, 32, 32)] * 2
    assert sal[0].dtype == torch.float32 and seg[1].dtype == torch.int64
    assert 0 <= sal[0].min() and sal[0].max() <= 1
    # view 1 of sample 2 is the packed uint8 map divided by 255
    raw = batch['data_samples'][2]
    torch.testing.assert_close(sal[1][2], raw.saliency[1].float() / 255)


def test_missing_prior_is_named(prior_results):
    pre = LocDataPreprocessor(require=['saliency'])
    res = prior_results()
    del res['saliency']
    batch = default_collate([PackLocInputs()(res)])
    with pytest.raises(KeyError, match=r'img0\.jpg.*saliency'):
        pre(batch, training=True)
    with pytest.raises(KeyError, match='PackLocInputs'):
        stack_priors(batch['data_samples'], 'saliency')

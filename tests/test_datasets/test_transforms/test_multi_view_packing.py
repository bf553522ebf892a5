# Copyright (c) mmloc contributors. All rights reserved.
"""MultiView keeps per-view priors; PackLocInputs and LocDataPreprocessor
batch them as ``(N, 1, H, W)`` / ``(N, H, W)`` per view."""
import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate

from mmloc.datasets.transforms.formatting import PackLocInputs
from mmloc.datasets.transforms.multi_view import MultiView
from mmloc.models.utils import LocDataPreprocessor, stack_priors
from mmloc.registry import TRANSFORMS

H, W = 60, 80


def _results(seed=0, empty=False):
    rng = np.random.default_rng(seed)
    sal = np.zeros((H, W), np.uint8)
    if not empty:
        sal[10:40, 20:50] = 200
    seg = (np.arange(H)[:, None] // 20 * 4 + np.arange(W)[None] // 20)
    return dict(img=rng.integers(0, 255, (H, W, 3), np.uint8),
                saliency=sal, segments=seg.astype(np.int32),
                img_path=f'img{seed}.jpg', img_shape=(H, W))


def _view(kind='SaliencyConstrainedCrop'):
    return [dict(type=kind, scale=32), dict(type='RandomFlip', prob=0.5)]


def test_registry_resolves_mmloc_overrides():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmloc'):  # as the runner
        t = TRANSFORMS.build(dict(type='MultiView', num_views=2,
                                  transforms=[_view()]))
        rrc = TRANSFORMS.build(dict(type='RandomResizedCrop', scale=8))
    assert isinstance(t, MultiView)
    assert type(rrc).__module__ == 'mmloc.datasets.transforms.geometric'


def test_views_keep_aligned_priors():
    mv = MultiView(num_views=[2, 1],
                   transforms=[_view(), _view('RandomResizedCrop')])
    np.random.seed(0)
    out = mv(_results())
    for key in ('img', 'saliency', 'segments', 'crop_bbox', 'flip'):
        assert isinstance(out[key], list) and len(out[key]) == 3, key
    for img, sal, seg in zip(out['img'], out['saliency'], out['segments']):
        assert img.shape == (32, 32, 3) and sal.shape == (32, 32)
        assert seg.dtype == np.int32 and seg.shape == (32, 32)
    # two independent views: different boxes (seeded)
    assert out['crop_bbox'][0] != out['crop_bbox'][1]


def test_all_pairing_passes_first_box():
    seen = []

    class Spy:
        def __call__(self, results):
            seen.append(results.get('pair_crop_bbox'))
            return results

    mv = MultiView(num_views=3, transforms=[[dict(
        type='SaliencyConstrainedCrop', scale=32), Spy()]], pairing='all')
    out = mv(_results())
    assert seen[0] is None
    assert seen[1] == seen[2] == out['crop_bbox'][0]
    with pytest.raises(ValueError, match='pairing'):
        MultiView(num_views=2, transforms=[[]], pairing='both')


def test_fallbacks_recorded_before_views_are_counted_once():
    mv = MultiView(num_views=2, transforms=[_view()])
    res = _results(empty=True)
    res['prior_fallbacks'] = {'LoadSaliencyMap.missing': 1}
    out = mv(res)
    assert out['prior_fallbacks'] == {
        'LoadSaliencyMap.missing': 1,
        'SaliencyConstrainedCrop.empty_saliency': 2}


def test_pack_and_preprocess_batch_views():
    mv = MultiView(num_views=2, transforms=[_view()])
    pack = PackLocInputs()
    batch = default_collate([pack(mv(_results(i))) for i in range(3)])
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


def test_single_view_is_one_view():
    packed = PackLocInputs()(_results())
    assert packed['data_samples'].saliency.shape == (1, 1, H, W)
    assert packed['data_samples'].segments.shape == (1, H, W)


def test_missing_prior_is_named():
    pre = LocDataPreprocessor(require=['saliency'])
    res = _results()
    del res['saliency']
    batch = default_collate([PackLocInputs()(res)])
    with pytest.raises(KeyError, match=r'img0\.jpg.*saliency'):
        pre(batch, training=True)
    with pytest.raises(KeyError, match='PackLocInputs'):
        stack_priors(batch['data_samples'], 'saliency')


def test_views_of_different_size_cannot_be_packed():
    res = _results()
    res['saliency'] = [np.zeros((4, 4), np.uint8), np.zeros((8, 8),
                                                           np.uint8)]
    with pytest.raises(ValueError, match='different sizes'):
        PackLocInputs()(res)


def test_views_build_in_mmloc_scope_whatever_the_default_scope():
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmseg'):
        mv = MultiView(num_views=2, transforms=[_view()])
    assert type(mv.pipelines[0].transforms[0]).__name__ == \
        'SaliencyConstrainedCrop'

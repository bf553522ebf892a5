# Copyright (c) mmloc contributors. All rights reserved.
"""MultiView keeps per-view priors, crop records and fallback counts."""
import numpy as np
import pytest

from mmloc.datasets.transforms.multi_view import MultiView, collect_views
from mmloc.registry import TRANSFORMS


def test_registry_resolves_mmloc_overrides(view_pipeline):
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmloc'):  # as the runner
        t = TRANSFORMS.build(
            dict(type='MultiView', num_views=2, transforms=[view_pipeline()]))
        rrc = TRANSFORMS.build(dict(type='RandomResizedCrop', scale=8))
    assert isinstance(t, MultiView)
    assert type(rrc).__module__ == 'mmloc.datasets.transforms.geometric'


def test_views_keep_aligned_priors(prior_results, view_pipeline):
    mv = MultiView(
        num_views=[2, 1],
        transforms=[view_pipeline(),
                    view_pipeline('RandomResizedCrop')])
    np.random.seed(0)
    out = mv(prior_results())
    for key in ('img', 'saliency', 'segments', 'crop_bbox', 'flip'):
        assert isinstance(out[key], list) and len(out[key]) == 3, key
    for img, sal, seg in zip(out['img'], out['saliency'], out['segments']):
        assert img.shape == (32, 32, 3) and sal.shape == (32, 32)
        assert seg.dtype == np.int32 and seg.shape == (32, 32)
    # two independent views: different boxes (seeded)
    assert out['crop_bbox'][0] != out['crop_bbox'][1]


def test_all_pairing_passes_first_box(prior_results):
    seen = []

    class Spy:

        def __call__(self, results):
            seen.append(results.get('pair_crop_bbox'))
            return results

    mv = MultiView(
        num_views=3,
        transforms=[[dict(type='SaliencyConstrainedCrop', scale=32),
                     Spy()]],
        pairing='all')
    out = mv(prior_results())
    assert seen[0] is None
    assert seen[1] == seen[2] == out['crop_bbox'][0]
    with pytest.raises(ValueError, match='pairing'):
        MultiView(num_views=2, transforms=[[]], pairing='both')


def test_fallbacks_recorded_before_views_are_counted_once(
        prior_results, view_pipeline):
    mv = MultiView(num_views=2, transforms=[view_pipeline()])
    res = prior_results(empty=True)
    res['prior_fallbacks'] = {'LoadSaliencyMap.missing': 1}
    out = mv(res)
    assert out['prior_fallbacks'] == {
        'LoadSaliencyMap.missing': 1,
        'SaliencyConstrainedCrop.empty_saliency': 2
    }


def test_views_build_in_mmloc_scope_whatever_the_default_scope(view_pipeline):
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmseg'):
        mv = MultiView(num_views=2, transforms=[view_pipeline()])
    assert type(mv.pipelines[0].transforms[0]).__name__ == \
        'SaliencyConstrainedCrop'


def test_all_pairing_needs_a_first_view_with_a_box(prior_results):
    mv = MultiView(num_views=2, transforms=[[]], pairing='all')
    with pytest.raises(KeyError, match='crop_bbox'):
        mv(prior_results())


def test_collect_views_lists_keys_in_view_order():
    views = [
        dict(img='a', crop_bbox=(0, 0, 1, 1)),
        dict(img='b', crop_bbox=(1, 1, 2, 2))
    ]
    out = collect_views({'img': 'orig', 'other': 1}, views)
    assert out == {
        'img': ['a', 'b'],
        'crop_bbox': [(0, 0, 1, 1), (1, 1, 2, 2)],
        'other': 1
    }


def test_collect_views_refuses_keys_of_some_views_only():
    views = [dict(img='a', saliency=1), dict(img='b')]
    with pytest.raises(
            KeyError, match="'saliency' is produced by some "
            'views only'):
        collect_views({}, views)

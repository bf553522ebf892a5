# Copyright (c) mmloc contributors. All rights reserved.
"""LocDataPreprocessor: mmpretrain's image handling plus the priors'
conversion and the ``require`` check (with PackLocInputs and MultiView:
tests/test_datasets/test_transforms/test_multi_view_packing.py)."""
import pytest
import torch
from mmengine.registry import DefaultScope
from mmpretrain.models.utils import SelfSupDataPreprocessor
from mmpretrain.structures import DataSample

from mmloc.models.utils import LocDataPreprocessor
from mmloc.registry import MODELS

MEAN, STD = [10., 20., 30.], [2., 4., 5.]


def _sample(saliency=None, segments=None, img_path=None) -> DataSample:
    sample = DataSample()
    if img_path is not None:
        sample.set_metainfo(dict(img_path=img_path))
    if saliency is not None:
        sample.saliency = saliency
    if segments is not None:
        sample.segments = segments
    return sample


def _views(n: int = 2, v: int = 2, size: int = 3) -> list:
    gen = torch.Generator().manual_seed(0)
    return [
        torch.randint(
            0, 256, (n, 3, size, size), generator=gen, dtype=torch.uint8)
        for _ in range(v)
    ]


def test_images_are_handled_as_by_mmpretrain():
    views = _views()
    ours = LocDataPreprocessor(
        mean=MEAN, std=STD, to_rgb=True)(
            dict(inputs=views, data_samples=None), training=True)
    theirs = SelfSupDataPreprocessor(
        mean=MEAN, std=STD, to_rgb=True)(
            dict(inputs=views, data_samples=None), training=True)
    assert ours['data_samples'] is None
    assert len(ours['inputs']) == 2
    for x, y in zip(ours['inputs'], theirs['inputs']):
        torch.testing.assert_close(x, y)
    # by hand: channel 0 of the output is the input's channel 2 (BGR ->
    # RGB), normalised with mean[0] and std[0]
    expected = (views[1][:, 2].float() - MEAN[0]) / STD[0]
    torch.testing.assert_close(ours['inputs'][1][:, 0], expected)


def test_priors_are_converted_once():
    sal = torch.tensor([0, 128, 255, 51], dtype=torch.uint8).view(2, 1, 1, 2)
    seg = torch.tensor([[[0, 3]], [[7, -1]]], dtype=torch.int32)
    samples = [_sample(sal, seg), _sample(sal.clone(), seg.clone())]
    pre = LocDataPreprocessor()
    out = pre(dict(inputs=_views(size=2), data_samples=samples))
    for sample in out['data_samples']:
        assert sample.saliency.dtype == torch.float32
        torch.testing.assert_close(
            sample.saliency,
            torch.tensor([0., 128 / 255, 1., 0.2]).view(2, 1, 1, 2))
        assert sample.segments.dtype == torch.int64
        assert sample.segments.tolist() == [[[0, 3]], [[7, -1]]]
    # a float map is taken as already in [0, 1]: not divided again
    again = pre(dict(inputs=_views(size=2), data_samples=out['data_samples']))
    torch.testing.assert_close(again['data_samples'][0].saliency,
                               out['data_samples'][0].saliency)


def test_samples_without_priors_pass_through():
    samples = [_sample(), _sample()]
    out = LocDataPreprocessor()(dict(inputs=_views(), data_samples=samples))
    assert len(out['data_samples']) == 2
    for sample in out['data_samples']:
        assert 'saliency' not in sample and 'segments' not in sample


def test_a_required_prior_that_is_missing_is_named():
    sal = torch.zeros(2, 1, 3, 3, dtype=torch.uint8)
    pre = LocDataPreprocessor(require=['saliency', 'segments'])
    samples = [
        _sample(sal, torch.zeros(2, 3, 3, dtype=torch.int32)),
        _sample(sal, img_path='data/b.jpg')
    ]
    with pytest.raises(
            KeyError, match=r"data/b\.jpg has no 'segments'.*PackLocInputs"):
        pre(dict(inputs=_views(), data_samples=samples))
    # in evaluation too, and without a path the sample is still named
    with pytest.raises(KeyError, match="a sample has no 'saliency'"):
        pre(dict(inputs=_views(n=1), data_samples=[_sample()]), training=False)


def test_built_from_a_config():
    with DefaultScope.overwrite_default_scope('mmloc'):
        pre = MODELS.build(
            dict(
                type='LocDataPreprocessor',
                mean=MEAN,
                std=STD,
                require=['segments']))
    assert isinstance(pre, LocDataPreprocessor)
    assert pre.require == ('segments', )
    assert LocDataPreprocessor().require == ()

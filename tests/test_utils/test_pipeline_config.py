# Copyright (c) mmloc contributors. All rights reserved.
import textwrap

import pytest
from mmengine.config import Config

from mmloc.utils.pipeline_config import (drop_transforms, innermost_dataset,
                                         loading_dataset, replace_transforms,
                                         update_transforms)

BASE = [
    dict(type='LoadImageFromFile'),
    dict(
        type='MultiView',
        num_views=[1, 1],
        transforms=[[
            dict(type='RandomResizedCrop', scale=224, backend='pillow'),
            dict(
                type='RandomApply',
                transforms=[dict(type='GaussianBlur', prob=1.)],
                prob=0.8),
        ], [
            dict(type='RandomResizedCrop', scale=224, backend='pillow'),
        ]]),
    dict(type='PackInputs'),
]


def test_update_reaches_every_depth_and_keeps_other_args():
    out = update_transforms(
        BASE,
        RandomResizedCrop=dict(scale=96),
        GaussianBlur=dict(magnitude_range=(0.1, 1.0)))
    view1, view2 = out[1]['transforms']
    assert view1[0] == dict(
        type='RandomResizedCrop', scale=96, backend='pillow')
    assert view2[0]['scale'] == 96
    assert view1[1]['transforms'][0] == dict(
        type='GaussianBlur', prob=1., magnitude_range=(0.1, 1.0))
    # Untouched transforms and the wrappers' own arguments are equal.
    assert out[0] == BASE[0] and out[2] == BASE[2]
    assert view1[1]['prob'] == 0.8 and out[1]['num_views'] == [1, 1]


def test_the_base_pipeline_is_not_changed():
    update_transforms(BASE, RandomResizedCrop=dict(scale=96))
    assert BASE[1]['transforms'][0][0]['scale'] == 224
    out = update_transforms(BASE)
    out[1]['transforms'][0][0]['scale'] = 1
    assert BASE[1]['transforms'][0][0]['scale'] == 224


def test_replace_keeps_nothing_of_the_old_transform():
    new = dict(type='SaliencyConstrainedCrop', size=96, min_cover=0.3)
    out = replace_transforms(BASE, RandomResizedCrop=new)
    assert out[1]['transforms'][0][0] == new
    assert out[1]['transforms'][1][0] == new
    assert out[1]['transforms'][0][0] is not new


def test_drop_removes_at_every_depth_and_keeps_the_rest():
    out = drop_transforms(BASE, 'RandomResizedCrop', 'GaussianBlur')
    view1, view2 = out[1]['transforms']
    assert view1 == [dict(type='RandomApply', transforms=[], prob=0.8)]
    assert view2 == []
    assert out[0] == BASE[0] and out[2] == BASE[2]
    assert out[1]['num_views'] == [1, 1]
    # the base is not changed
    assert [t['type'] for t in BASE[1]['transforms'][0]
            ] == ['RandomResizedCrop', 'RandomApply']


@pytest.mark.parametrize('fn', [update_transforms, replace_transforms])
def test_a_type_the_pipeline_lacks_is_an_error(fn):
    # A typo would otherwise train silently with the base's values.
    with pytest.raises(KeyError, match=r"RandomResizeCrop.*PackInputs"):
        fn(BASE, RandomResizeCrop=dict(scale=96))
    with pytest.raises(KeyError, match=r"drop_transforms.*RandomResizeCrop"):
        drop_transforms(BASE, 'RandomResizeCrop')


def test_innermost_dataset_stops_at_the_data_root():
    inner = dict(type='CUB', data_root='data/cub/')
    wrapped = dict(
        type='RepeatDataset',
        times=2,
        dataset=dict(type='MultiImageMixDataset', dataset=inner))
    assert innermost_dataset(wrapped) is inner
    assert innermost_dataset(inner) is inner
    # a wrapper that names a data_root itself is the dataset
    rooted = dict(type='X', data_root='r/', dataset=inner)
    assert innermost_dataset(rooted) is rooted


def test_an_old_style_config_derives_its_pipeline(tmp_path):
    (tmp_path / 'base.py').write_text(f'train_pipeline = {BASE!r}\n')
    (tmp_path / 'child.py').write_text(
        textwrap.dedent("""\
        _base_ = ['./base.py']
        from mmloc.utils.pipeline_config import update_transforms

        train_pipeline = update_transforms(
            _base_.train_pipeline, RandomResizedCrop=dict(scale=96))
        """))
    cfg = Config.fromfile(str(tmp_path / 'child.py'))
    # The imported function is not a config key; the pipeline is resolved.
    assert set(cfg.keys()) == {'train_pipeline'}
    assert cfg.train_pipeline[1].transforms[0][0].scale == 96
    assert Config.fromfile(str(tmp_path / 'base.py')).train_pipeline[1] \
        .transforms[0][0].scale == 224


def test_loading_dataset_unwraps_and_keeps_the_loaders():
    inner = dict(
        type='CUB',
        data_root='data/cub/',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='mmloc.LoadSaliencyMap', map_root='s/'),
            dict(type='LoadSegments', source='file'),
            dict(type='RandomFlip', prob=0.5),
        ])
    cfg = dict(
        train_dataloader=dict(
            dataset=dict(
                type='MultiImageMixDataset',
                dataset=inner,
                pipeline=[dict(type='SaliencySwap')])))
    out = loading_dataset(cfg)
    assert out['type'] == 'CUB' and out['data_root'] == 'data/cub/'
    assert [t['type'] for t in out['pipeline']] == [
        'LoadImageFromFile', 'mmloc.LoadSaliencyMap', 'LoadSegments'
    ]
    # only the named types (the scope prefix ignored)
    named = loading_dataset(cfg, ('LoadImageFromFile', 'LoadSaliencyMap'))
    assert [t['type'] for t in named['pipeline']
            ] == ['LoadImageFromFile', 'mmloc.LoadSaliencyMap']
    # a copy: the config is untouched
    assert len(inner['pipeline']) == 4
    out['pipeline'][0]['type'] = 'changed'
    assert inner['pipeline'][0]['type'] == 'LoadImageFromFile'

# CAST's data on the embedded synthetic set, as variables only (prefixed
# `cast_`), so that a tiny CAST config can inherit both its baseline config
# and this file (mmengine forbids the same key in two bases):
#   _base_ = ['../mocov2/mocov2_resnet18_...py',
#             '../_base_/datasets/synthetic-96px_cast.py']
#   train_dataloader = dict(dataset=dict(pipeline=_base_.cast_train_pipeline))
_base_ = ['./cast_views.py']
from mmloc.utils.pipeline_config import replace_transforms

cast_data_root = 'data/synthetic/imagenet/'
cast_saliency_root = cast_data_root + 'saliency/fine_grained/'
# CAST's saliency-constrained views (METHODS §1.1), scaled to 96 px.
cast_view_pipeline = replace_transforms(
    _base_.cast_view_pipeline,
    SaliencyConstrainedCrop=dict(
        type='SaliencyConstrainedCrop', scale=96, min_cover=0.2))
cast_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='LoadSaliencyMap',
        map_root=cast_saliency_root,
        img_root=cast_data_root),
    dict(type='MultiView', num_views=2, transforms=[cast_view_pipeline]),
    dict(type='PackLocInputs'),
]

# CAST's data on the embedded synthetic set, as variables only (prefixed
# `cast_`), so that a tiny CAST config can inherit both its baseline config
# and this file (mmengine forbids the same key in two bases):
#   _base_ = ['../mocov2/mocov2_resnet18_...py',
#             '../_base_/datasets/synthetic-96px_cast.py']
#   train_dataloader = dict(dataset=dict(pipeline={{_base_.cast_train_pipeline}}))
cast_data_root = 'data/synthetic/imagenet/'
cast_saliency_root = cast_data_root + 'saliency/fine_grained/'

# CAST's saliency-constrained views (METHODS §1.1), scaled to 96 px.
cast_view_pipeline = [
    dict(type='SaliencyConstrainedCrop', scale=96, min_cover=0.2),
    dict(
        type='RandomApply',
        transforms=[
            dict(
                type='ColorJitter',
                brightness=0.4,
                contrast=0.4,
                saturation=0.4,
                hue=0.4)
        ],
        prob=0.5),
    dict(
        type='RandomGrayscale',
        prob=0.2,
        keep_channels=True,
        channel_weights=(0.114, 0.587, 0.2989)),
    dict(type='RandomFlip', prob=0.5),
]

cast_train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='LoadSaliencyMap',
        map_root=cast_saliency_root,
        img_root=cast_data_root),
    dict(type='MultiView', num_views=2, transforms=[cast_view_pipeline]),
    dict(type='PackLocInputs'),
]

# The linear-probe classifier of the shape benchmark: the textured one
# (resnet18_1xb32-linear-coslr-10e_synthetic-96px.py) with the narrow
# ResNet-18 of shapes-128px.py and the shapes eval data at 128 px. The
# evidence experiment saves its probe as a checkpoint of this config.
_base_ = [
    '../../../configs/benchmarks/classification/imagenet/'
    'resnet18_1xb32-linear-coslr-10e_synthetic-96px.py',
    './_base_/shapes-128px.py',
]

data_root = 'data/synthetic-shapes/imagenet/'
bgc_data_root = 'data/synthetic-shapes/bg_challenge/'

model = dict(
    backbone=dict(
        stem_channels={{_base_.shapes_width}},
        base_channels={{_base_.shapes_width}}),
    head=dict(in_channels={{_base_.shapes_feat_dim}}))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=128),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
train_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(
    dataset=dict(datasets=[
        dict(
            type='CustomDataset',
            data_root=bgc_data_root,
            data_prefix=f'{v}/val',
            metainfo=dict(classes={{_base_.classes}}),
            pipeline={{_base_.test_pipeline}})
        # the base's bgc_variants (a {{ }} substitution can't be iterated)
        for v in ('original', 'only_fg', 'no_fg', 'mixed_same', 'mixed_rand')
    ]))

# FCN transfer of the shape benchmark: the textured one
# (fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py) on the shapes' VOC layout
# with the narrow ResNet-18 of shapes-128px.py (the heads' in_channels
# follow its width) and 128 x 128 crops; the same schedule and evaluator.
_base_ = [
    '../../../configs/benchmarks/mmsegmentation/voc12aug/'
    'fcn_r18-d8_1xb8-200i_synthetic-voc-96x96.py',
    './_base_/shapes-128px.py',
]

data_root = 'data/synthetic-shapes/VOCdevkit/VOC2012'
crop_size = (128, 128)

model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        stem_channels={{_base_.shapes_width}},
        base_channels={{_base_.shapes_width}}),
    decode_head=dict(in_channels={{_base_.shapes_feat_dim}}),
    auxiliary_head=dict(in_channels={{_base_.shapes_layer3_channels}}))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(
        type='RandomResize',
        scale=(512, 128),
        ratio_range=(0.5, 2.0),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='Pad', size=crop_size),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(512, 128), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
synthetic_voc = dict(data_root=data_root)
train_dataloader = dict(
    dataset=dict(datasets=[
        dict(
            type='BaseSegDataset',
            data_root=data_root,
            metainfo=dict(classes={{_base_.classes}}),
            data_prefix=dict(
                img_path='JPEGImages', seg_map_path='SegmentationClass'),
            ann_file='ImageSets/Segmentation/train.txt',
            pipeline=train_pipeline)
    ]))
val_dataloader = dict(
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader

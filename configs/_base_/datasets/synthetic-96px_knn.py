# kNN evaluation data for tools/analysis/knn_eval.py: the synthetic train
# split is the memory bank, the val split is classified. No augmentation.
data_root = 'data/synthetic/imagenet/'
classes = ('disc', 'square', 'triangle', 'star', 'cross', 'ring', 'hexagon',
           'crescent', 'heart', 'arrow')

data_preprocessor = dict(
    type='ClsDataPreprocessor',
    num_classes=len(classes),
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

pipeline = [dict(type='LoadImageFromFile'), dict(type='PackInputs')]

train_dataloader = dict(
    batch_size=64,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='CustomDataset',
        data_root=data_root,
        ann_file='meta/train.txt',
        data_prefix='train',
        metainfo=dict(classes=classes),
        pipeline=pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='CustomDataset',
        data_root=data_root,
        ann_file='meta/val.txt',
        data_prefix='val',
        metainfo=dict(classes=classes),
        pipeline=pipeline))

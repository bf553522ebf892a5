# The synthetic ImageNet as evaluation data, no augmentation. For
# tools/analysis/knn_eval.py the train split is the memory bank and the val
# split is classified; the linear probes fit on train and validate on val
# (synthetic-96px_bg-challenge.py adds the Backgrounds Challenge test set).
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
# The val split, loaded as the train split.
val_dataloader = dict(
    train_dataloader,
    dataset=dict(
        train_dataloader['dataset'], ann_file='meta/val.txt',
        data_prefix='val'))

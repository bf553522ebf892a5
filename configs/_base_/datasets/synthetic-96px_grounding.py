# Grounding evaluation data for tools/analysis/eval_grounding.py: the
# synthetic val split with its ground-truth instance masks (foreground =
# id > 0), no augmentation.
data_root = 'data/synthetic/imagenet/'

data_preprocessor = dict(
    type='LocDataPreprocessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True,
    require=['segments'])

val_dataloader = dict(
    batch_size=50,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type='CustomDataset',
        data_root=data_root,
        ann_file='meta/val.txt',
        data_prefix='val',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='LoadSegments',
                source='file',
                seg_root=data_root + 'gt_masks/',
                img_root=data_root),
            dict(type='PackLocInputs'),
        ]))

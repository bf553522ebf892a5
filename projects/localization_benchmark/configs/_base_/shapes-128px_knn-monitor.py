# The kNN monitor of the shape benchmark's arms (mmloc KNNMonitorHook):
# weighted kNN top-1 of the backbone's pooled features, the training images
# (no augmentation) as the memory bank, the Backgrounds Challenge
# `mixed_rand` objects (random backgrounds) as the queries -- the figure
# that says whether the model learns the objects' shapes or their
# backgrounds, logged every `interval` epochs. Variables only: an arm
# inherits its method's data base too, and restates its custom_hooks list
# whole (mmengine replaces lists). The same data as shapes-128px_eval.py.
_shapes_classes = ('disc', 'square', 'triangle', 'star', 'cross', 'ring',
                   'hexagon', 'crescent', 'heart', 'arrow')


def _loader(data_root: str, prefix: str, ann_file: str = '') -> dict:
    return dict(
        batch_size=128,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=False),
        dataset=dict(
            type='CustomDataset',
            data_root=data_root,
            ann_file=ann_file,
            data_prefix=prefix,
            metainfo=dict(classes=_shapes_classes),
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(type='PackInputs')
            ]))


shapes_knn_monitor = dict(
    type='KNNMonitorHook',
    bank_dataloader=_loader('data/synthetic-shapes/imagenet/', 'train',
                            'meta/train.txt'),
    query_dataloader=_loader('data/synthetic-shapes/bg_challenge/',
                             'mixed_rand/val'),
    data_preprocessor=dict(
        type='ClsDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True),
    interval=4,
    k=20,
    temperature=0.07,
    prefix='knn_mixed_rand')
del _loader, _shapes_classes

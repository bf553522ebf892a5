# The synthetic Stanford Cars layout (10 classes, 64 px images) in place of
# Stanford Cars, for the tiny fine-grained benchmark configs:
#     python tools/data/make_synthetic.py --formats cars --size 64
# writes data/synthetic/stanford_cars/ (mmpretrain's ``StanfordCars`` reads
# its devkit .mat files with mat4py: a split needs at least two images).
# stanford-cars_bs32_224.py scaled to 64 px (crop 64, test short edge
# 73 = 64 / 0.875), batch 16.
_base_ = ['./stanford-cars_bs32_224.py']

data_root = 'data/synthetic/stanford_cars/'
# mmloc.datasets.synthetic.SYNTHETIC_CLASSES, in label order
classes = ('disc', 'square', 'triangle', 'star', 'cross', 'ring', 'hexagon',
           'crescent', 'heart', 'arrow')

data_preprocessor = dict(num_classes=len(classes))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=64),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=73, edge='short'),
    dict(type='CenterCrop', crop_size=64),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(
        data_root=data_root,
        metainfo=dict(classes=classes),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(
        data_root=data_root,
        metainfo=dict(classes=classes),
        pipeline=test_pipeline))
test_dataloader = val_dataloader

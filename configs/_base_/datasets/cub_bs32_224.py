# CUB-200-2011 (Wah et al. 2011) for fine-grained evaluation at 224 px:
# 5,994 train / 5,794 test images of 200 bird species, read by mmpretrain's
# ``CUB`` from ``data/CUB_200_2011/{images,images.txt,...}``.
#
# mmpretrain's own CUB bases (cub_bs8_448 / cub_bs8_384) resize to 600 and
# crop 448 / 384 for high-resolution transformers; self-supervised transfer
# evaluates ResNet-50 at the pretraining resolution instead, so this uses the
# standard ImageNet-style 224 px pipeline (mmpretrain's imagenet_bs32.py):
# RandomResizedCrop 224 + horizontal flip for training, short edge 256 +
# centre crop 224 for testing.
dataset_type = 'CUB'
data_root = 'data/CUB_200_2011/'

data_preprocessor = dict(
    type='ClsDataPreprocessor',
    num_classes=200,
    # ImageNet statistics, as in pretraining (RGB)
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]

test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='ResizeEdge', scale=256, edge='short'),
    dict(type='CenterCrop', crop_size=224),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline))

# the same loader over the test split, unshuffled
val_dataloader = dict(
    train_dataloader,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        train_dataloader['dataset'], split='test', pipeline=test_pipeline))
val_evaluator = dict(type='Accuracy', topk=(1, 5))

test_dataloader = val_dataloader
test_evaluator = val_evaluator

# The FCN VOC transfer benchmark (fcn_r50-d8_4xb4-20k_voc12aug-512x512.py)
# made tiny for the synthetic VOC layout: ResNet-18 D8 (heads 512 -> 128
# and 256 -> 64 channels, mmseg's own FCN R18-D8 widths), 11 classes
# (background + the 10 shapes), 96 x 96 crops of the 96 px images rescaled
# by 0.5..2, one process x 8 images, 200 iterations (poly decay, the lr
# scaled linearly to the batch, 0.01 x 8 / 16), validation every 100.
# The synthetic layout has no SBD "aug" set: training reads the train split
# (still through the recipe's ConcatDataset). mmseg's PascalVOCDataset only
# knows VOC's class names, so the same folders are read with
# ``BaseSegDataset`` and the synthetic names. Everything else (plain
# ``ResNet`` D8 with contract_dilation, SyncBN, which mmengine turns into BN
# in a non-distributed run, norm_eval=False, the pretrained init) is the
# benchmark's. About 2 s an iteration on 2 CPU cores (some 6 minutes; from
# a random ResNet-18, mIoU ~9 at the end); a smoke test of the pipeline,
# not a benchmark.
#
#     python tools/data/make_synthetic.py --formats voc
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT
#
# with CHECKPOINT a ResNet-18 pretraining run's checkpoint, e.g. the tiny
# MoCo v2's work_dirs/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px/
# epoch_20.pth.
_base_ = './fcn_r50-d8_4xb4-20k_voc12aug-512x512.py'

classes = ('background', 'disc', 'square', 'triangle', 'star', 'cross', 'ring',
           'hexagon', 'crescent', 'heart', 'arrow')
data_root = 'data/synthetic/VOCdevkit/VOC2012'
crop_size = (96, 96)

model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(depth=18),
    decode_head=dict(in_channels=512, channels=128, num_classes=len(classes)),
    auxiliary_head=dict(
        in_channels=256, channels=64, num_classes=len(classes)))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(
        type='RandomResize',
        scale=(384, 96),
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
    dict(type='Resize', scale=(384, 96), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
synthetic_voc = dict(
    type='BaseSegDataset',
    data_root=data_root,
    metainfo=dict(classes=classes),
    data_prefix=dict(img_path='JPEGImages', seg_map_path='SegmentationClass'))
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(datasets=[
        dict(
            **synthetic_voc,
            ann_file='ImageSets/Segmentation/train.txt',
            pipeline=train_pipeline)
    ]))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(
        _delete_=True,
        **synthetic_voc,
        ann_file='ImageSets/Segmentation/val.txt',
        pipeline=test_pipeline))
test_dataloader = val_dataloader

max_iters = 200
train_cfg = dict(max_iters=max_iters, val_interval=100)
param_scheduler = [
    dict(
        type='PolyLR',
        eta_min=1e-4,
        power=0.9,
        begin=0,
        end=max_iters,
        by_epoch=False)
]
optim_wrapper = dict(optimizer=dict(lr=0.01 * 8 / 16))
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=100, max_keep_ckpts=1))
randomness = dict(seed=0)

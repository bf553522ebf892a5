# The FCN Cityscapes transfer benchmark (fcn_r50-d8_4xb2-40k_cityscapes-
# 769x769.py) made tiny for the synthetic Cityscapes layout: ResNet-18 D8
# (heads 512 -> 128 and 256 -> 64 channels, mmseg's FCN R18-D8 widths), the
# benchmark's CityscapesDataset, 19 classes, align_corners and sliding-window
# test (one 96 x 96 window: the images are 96 px), 96 x 96 crops of the
# images rescaled by 0.5..2, one process x 8 images, 200 iterations (poly
# decay, the lr scaled linearly to the batch, 0.01 x 8 / 16), validation
# every 100. The synthetic frames put background on train id 0 (road) and
# the 10 shapes on train ids 1..10 (see mmloc/datasets/synthetic/writers/
# cityscapes.py); mIoU averages over the classes present. Everything else
# (plain ``ResNet`` D8 with contract_dilation, SyncBN, which mmengine turns
# into BN in a non-distributed run, the pretrained init) is the benchmark's.
# A smoke test of the pipeline, not a benchmark.
#
#     python tools/data/make_synthetic.py --formats cityscapes
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT
#
# with CHECKPOINT a ResNet-18 pretraining run's checkpoint or extracted
# backbone.
_base_ = './fcn_r50-d8_4xb2-40k_cityscapes-769x769.py'

data_root = 'data/synthetic/cityscapes/'
crop_size = (96, 96)

model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(depth=18),
    decode_head=dict(in_channels=512, channels=128),
    auxiliary_head=dict(in_channels=256, channels=64),
    test_cfg=dict(crop_size=crop_size, stride=(64, 64)))

# The benchmark's pipelines at the synthetic scale (2049 x 1025 -> 192 x 96).
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(
        type='RandomResize',
        scale=(192, 96),
        ratio_range=(0.5, 2.0),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(192, 96), keep_ratio=True),
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
train_dataloader = dict(
    batch_size=8,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2, dataset=dict(data_root=data_root, pipeline=test_pipeline))
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

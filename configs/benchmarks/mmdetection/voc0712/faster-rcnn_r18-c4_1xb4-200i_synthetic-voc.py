# The Faster R-CNN C4 VOC transfer benchmark
# (faster-rcnn_r50-c4_ms-24k_voc0712.py) made tiny for the synthetic VOC
# layout: ResNet-18 (backbone stem + res2..res4, 256 channels into the RPN
# and the RoI extractor; the res5 shared head with depth 18, 512 channels
# into the box head), 8 x 8 RoIs and far fewer proposals and sampled RoIs
# (res5 runs once per RoI), 10 classes, the 96 px images resized to a short
# side of 128..160 px (160 at test; both shared with the COCO one in
# ../_base_/synthetic_shapes.py), one process x 4 images, 200 iterations
# (20 warm-up iterations, steps at 150 and 180 like 18k / 22k of 24k, the
# lr scaled linearly to the batch, 0.02 x 4 / 16), validation every 100.
# The synthetic data has one VOC2012 year: training reads its train split
# (still through a ConcatDataset, as the benchmark does), validation its val
# split with the benchmark's 11-point VOCMetric (mmdet warns that VOC2012
# defaults to 'area', and its per-class table prints VOC's class names for
# a 'VOC2012' dataset; the AP values are the synthetic classes'). Everything
# else (SyncBN, which mmengine turns into BN in a non-distributed run,
# frozen_stages=-1, norm_eval=False, pytorch style, ResLayerExtraNorm, the
# pretrained init of backbone and shared head) is the benchmark's. About
# 3 s an iteration on 2 CPU cores (some 11 minutes; from a random
# ResNet-18, mAP ~0.36 at the end); a smoke test of the pipeline, not a
# benchmark.
#
#     python tools/data/make_synthetic.py --formats voc
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT
#
# with CHECKPOINT a ResNet-18 pretraining run's checkpoint, e.g. the tiny
# MoCo v2's work_dirs/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px/
# epoch_20.pth. The images must be jpg (the default): mmdet's VOCDataset
# reads ``JPEGImages/{name}.jpg`` only.
_base_ = [
    './faster-rcnn_r50-c4_ms-24k_voc0712.py', '../_base_/synthetic_shapes.py'
]

data_root = 'data/synthetic/VOCdevkit/'

model = dict(
    backbone=dict(depth=18),
    rpn_head=dict(in_channels=256, feat_channels=256),
    roi_head=dict(
        shared_head=dict(depth=18),
        # res5 runs once per RoI and dominates the cost: 8 x 8 RoIs (4 x 4
        # after res5's stride 2) instead of 14 x 14, at most a few objects
        # an image, so far fewer proposals and sampled RoIs.
        bbox_roi_extractor=dict(
            roi_layer=dict(output_size=8), out_channels=256),
        bbox_head=dict(
            num_classes=len(_base_.classes), in_channels=512,
            roi_feat_size=4)),
    train_cfg=dict(
        rpn_proposal=dict(nms_pre=1000, max_per_img=200),
        rcnn=dict(sampler=dict(num=32))),
    test_cfg=dict(
        rpn=dict(nms_pre=500, max_per_img=50), rcnn=dict(max_per_img=20)))

train_pipeline = _base_.synthetic_train_pipeline
test_pipeline = _base_.synthetic_test_pipeline
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(datasets=[
        dict(
            type='VOCDataset',
            data_root=data_root,
            ann_file='VOC2012/ImageSets/Main/train.txt',
            data_prefix=dict(sub_data_root='VOC2012/'),
            metainfo=_base_.metainfo,
            filter_cfg=dict(filter_empty_gt=True, min_size=32),
            pipeline=train_pipeline)
    ]))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(
        data_root=data_root,
        ann_file='VOC2012/ImageSets/Main/val.txt',
        data_prefix=dict(sub_data_root='VOC2012/'),
        metainfo=_base_.metainfo,
        pipeline=test_pipeline))
test_dataloader = val_dataloader

max_iters = 200
train_cfg = dict(max_iters=max_iters, val_interval=100)
# the benchmark's warm-up and steps, at 20 and 150 / 180 of 200 iterations
param_scheduler = [
    dict(_base_.param_scheduler[0], end=20),
    dict(_base_.param_scheduler[1], end=max_iters, milestones=[150, 180]),
]
optim_wrapper = dict(optimizer=dict(lr=0.02 * 4 / 16))
auto_scale_lr = dict(base_batch_size=4)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=100, max_keep_ckpts=1))

# The Mask R-CNN FPN transfer benchmark (mask-rcnn_r50_fpn_ms-1x_coco.py)
# made tiny for the synthetic COCO layout: ResNet-18 (FPN in_channels
# 64..512), FPN / RPN / RoI head width 64 instead of 256, fewer proposals
# and sampled RoIs (a synthetic image holds a few objects), 10 classes, the
# 96 px images resized to a short side of 128..160 px (160 at test; both
# shared with the VOC one in ../_base_/synthetic_shapes.py), one
# process x 4 images, 200 iterations (IterBasedTrainLoop: 50 warm-up
# iterations, steps at 150 and 180, the lr scaled linearly to the batch,
# 0.02 x 4 / 16), validation every 100. Everything else (SyncBN,
# frozen_stages=-1, norm_eval=False, the shared 4conv1fc box head, the
# pretrained init) is the benchmark's: mmengine turns SyncBN into BN in a
# non-distributed run, so it runs in one CPU process. About 1.3 s an
# iteration on 2 CPU cores (some 5 minutes; from a random ResNet-18, bbox
# mAP ~0.15 at the end); a smoke test of the pipeline, not a benchmark.
#
#     python tools/data/make_synthetic.py --formats coco
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT
#
# with CHECKPOINT a ResNet-18 pretraining run's checkpoint, e.g. the tiny
# MoCo v2's work_dirs/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px/
# epoch_20.pth.
_base_ = ['./mask-rcnn_r50_fpn_ms-1x_coco.py', '../_base_/synthetic_shapes.py']
from mmloc.utils.pipeline_config import update_transforms

data_root = 'data/synthetic/coco/'

# FPN and RoI head width (256 in the benchmark): the 4conv1fc box head on
# 512 sampled RoIs per image is what makes Mask R-CNN slow on a CPU.
width = 64
model = dict(
    backbone=dict(depth=18),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=width),
    rpn_head=dict(in_channels=width, feat_channels=width),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=width),
        bbox_head=dict(
            in_channels=width,
            conv_out_channels=width,
            num_classes=len(_base_.classes)),
        mask_roi_extractor=dict(out_channels=width),
        mask_head=dict(
            in_channels=width,
            conv_out_channels=width,
            num_classes=len(_base_.classes))),
    # Fewer proposals and sampled RoIs: an image holds a few objects.
    train_cfg=dict(
        rpn_proposal=dict(nms_pre=500, max_per_img=200),
        rcnn=dict(sampler=dict(num=64))),
    test_cfg=dict(
        rpn=dict(nms_pre=500, max_per_img=100), rcnn=dict(max_per_img=20)))

# the synthetic pipelines, with the masks
train_pipeline = update_transforms(
    _base_.synthetic_train_pipeline, LoadAnnotations=dict(with_mask=True))
test_pipeline = update_transforms(
    _base_.synthetic_test_pipeline, LoadAnnotations=dict(with_mask=True))
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    # The iteration-based loop needs an endless sampler.
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        data_root=data_root, metainfo=_base_.metainfo,
        pipeline=train_pipeline))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(
        data_root=data_root, metainfo=_base_.metainfo, pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val2017.json')
test_evaluator = val_evaluator

max_iters = 200
train_cfg = dict(
    _delete_=True,
    type='IterBasedTrainLoop',
    max_iters=max_iters,
    val_interval=100)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=50),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_iters,
        by_epoch=False,
        milestones=[150, 180],
        gamma=0.1)
]
optim_wrapper = dict(optimizer=dict(lr=0.02 * 4 / 16))
auto_scale_lr = dict(base_batch_size=4)
default_hooks = dict(
    # Validation records at their iteration, not at "epoch" 0.
    logger=dict(interval=10, log_metric_by_epoch=False),
    checkpoint=dict(by_epoch=False, interval=100, max_keep_ckpts=1))
log_processor = dict(by_epoch=False)

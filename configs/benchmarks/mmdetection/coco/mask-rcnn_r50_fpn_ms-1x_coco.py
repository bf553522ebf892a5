# COCO instance segmentation transfer of a self-supervised ResNet-50: Mask
# R-CNN R50-FPN, 1x schedule (12 epochs, lr 0.02 for 8 GPUs x 2 images,
# steps at epochs 8 and 11), multi-scale training; COCO bbox / segm AP on
# val2017.
#
# Source: mmdet's mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py as mmselfsup /
# mmpretrain benchmark it (mmpretrain's configs/*/benchmarks/
# mask-rcnn_r50_fpn_ms-1x_coco.py). Overrides, all for fine-tuning a
# self-supervised backbone: SyncBN in the backbone, neck and heads, because
# SSL features are not normalised like ImageNet-supervised ones and BN
# statistics must be learned across GPUs (2 images per GPU is too few);
# frozen_stages=-1 and norm_eval=False (every stage and every BN trains);
# Shared4Conv1FCBBoxHead (4 conv + 1 fc, with norms) instead of 2 fc;
# short side 640..800 px at random instead of 800, to make up for the
# un-frozen backbone; the backbone initialised from the ``backbone.`` keys
# of a pretraining checkpoint.
#
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT \
#         --launcher pytorch   # under torchrun / slurm, 8 GPUs
#
# run_transfer.py sets the checkpoint below (``pretrained``), checks that
# it covers the backbone exactly and reports the final metrics.
_base_ = 'mmdet::mask_rcnn/mask-rcnn_r50_fpn_1x_coco.py'

# Placeholder: the run fails with "... can not be found" until it is set.
pretrained = 'SET/ME/pretraining_checkpoint.pth'

norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    backbone=dict(
        frozen_stages=-1,
        norm_cfg=norm_cfg,
        norm_eval=False,
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.')),
    neck=dict(norm_cfg=norm_cfg),
    roi_head=dict(
        bbox_head=dict(type='Shared4Conv1FCBBoxHead', norm_cfg=norm_cfg),
        mask_head=dict(norm_cfg=norm_cfg)))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(
        type='RandomChoiceResize',
        scales=[(1333, 640), (1333, 672), (1333, 704), (1333, 736),
                (1333, 768), (1333, 800)],
        keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

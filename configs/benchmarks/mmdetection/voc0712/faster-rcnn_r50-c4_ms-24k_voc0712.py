# PASCAL VOC detection transfer of a self-supervised ResNet-50: Faster
# R-CNN R50-C4 trained on VOC2007 + VOC2012 trainval for 24k iterations
# (lr 0.02 for 8 GPUs x 2 images, 100 warm-up iterations, steps at 18k and
# 22k), multi-scale training (short side 480..800 px); VOC2007 test mAP@0.5
# with the 11-point AP.
#
# Source: mmdet's pascal_voc/faster-rcnn_r50-caffe-c4_ms-18k_voc0712.py
# with the changes of the MoCo VOC protocol (MoCo's detectron2 config
# pascal_voc_R_50_C4_24k) that mmselfsup / mmpretrain benchmark with:
# * pytorch-style ResNet (stride in the 3x3 conv, like mmpretrain's
#   backbone) with the RGB mean / std preprocessor instead of the caffe
#   model's BGR mean-only one;
# * SyncBN, frozen_stages=-1, norm_eval=False in the backbone and in the res5
#   shared head (SSL features need their BN statistics learned);
# * the res5 head is mmpretrain's ``ResLayerExtraNorm``: mmdet's ResLayer
#   plus a BN on its output (freshly initialised, the recipe's extra norm);
# * 24k iterations instead of 18k;
# * in C4 the backbone holds the stem and res2..res4 only; res5 (``layer4``)
#   lives in ``roi_head.shared_head``, so it gets the same pretrained
#   checkpoint (its own ``init_cfg``, prefix ``backbone.``); without it
#   res5 would start from random weights.
# The ConcatDataset gets ``ignore_keys=['dataset_type']`` (as in mmdet's
# _base_/datasets/voc0712.py, but missing from its 18k config): the two
# years differ in that metainfo key, and without it mmdet's ConcatDataset
# turns its metainfo into a per-dataset list instead of one dict.
#
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT \
#         --launcher pytorch   # under torchrun / slurm, 8 GPUs
#
# run_transfer.py sets the checkpoint below (``pretrained``) in both
# ``init_cfg``, checks that they cover the backbone exactly and reports the
# final metrics.
_base_ = 'mmdet::pascal_voc/faster-rcnn_r50-caffe-c4_ms-18k_voc0712.py'

# Placeholder: the run fails with "... can not be found" until it is set.
pretrained = 'SET/ME/pretraining_checkpoint.pth'

# mmpretrain registers ResLayerExtraNorm in mmdet's MODELS on import.
custom_imports = dict(
    imports=['mmpretrain.models.utils.res_layer_extra_norm'],
    allow_failed_imports=False)

norm_cfg = dict(type='SyncBN', requires_grad=True)
model = dict(
    data_preprocessor=dict(
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        frozen_stages=-1,
        norm_cfg=norm_cfg,
        norm_eval=False,
        style='pytorch',
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.')),
    roi_head=dict(
        shared_head=dict(
            type='ResLayerExtraNorm',
            norm_cfg=norm_cfg,
            norm_eval=False,
            style='pytorch',
            init_cfg=dict(
                type='Pretrained', checkpoint=pretrained,
                prefix='backbone.'))))

# The base's ConcatDataset of VOC2007 + VOC2012 trainval (multi-scale
# 480..800 pipeline) as is; one metainfo dict despite the years' differing
# ``dataset_type`` (see the header).
train_dataloader = dict(dataset=dict(ignore_keys=['dataset_type']))

max_iters = 24000
train_cfg = dict(max_iters=max_iters, val_interval=2000)
param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=100),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_iters,
        by_epoch=False,
        milestones=[18000, 22000],
        gamma=0.1)
]
default_hooks = dict(
    checkpoint=dict(interval=2000),
    # Validation records at their iteration, not at "epoch" 0.
    logger=dict(log_metric_by_epoch=False))

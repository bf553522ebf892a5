# MoCo v2 + CAST (Selvaraju et al. 2021), the released run (METHODS §1.3):
# ResNet-50 on COCO train2017 images with DeepUSPS saliency maps, 224 px,
# 8 GPUs x 32 images (batch 256), 200 epochs, alpha 3 / beta 1.
#
# Same model as configs/mocov2/mocov2_resnet50_8xb32-coslr-200e_in1k.py
# (mmpretrain's MoCo v2); what differs from mmpretrain's MoCo v2 defaults:
# - data: COCO train2017 + saliency maps with CAST's saliency-constrained
#   views (crop keeping >= 20 % of the salient pixels, colour jitter
#   (0.4, 0.4, 0.4, hue 0.4) p=0.5, grey p=0.2, flip, no blur) instead of
#   ImageNet with MoCo v2's views; LocDataPreprocessor carries the maps.
# - SGD lr 0.03 -> 0.5 (cosine): the released command's `--lr 0.5 --cos`.
#   The reference script's default is lr 0.03 with steps at 120 / 160; to
#   run that, set optimizer lr=0.03 and
#   param_scheduler = [dict(type='MultiStepLR', by_epoch=True,
#                           milestones=[120, 160], gamma=0.1)].
# - head temperature 0.2 -> 0.07: the reference's `--moco-t 0.07`.
# - queue 65536, feature dim 128, key momentum 0.999 (MoCo(momentum=0.001)):
#   unchanged, restated because the reference sets them explicitly.
# - gradient-norm clip None -> 2: the reference clips the gradient norm at 2
#   (the double backward through Grad-CAM can spike it).
# - CASTHook(alpha=3, beta=1): 0.25 x contrastive + 0.75 x CAST loss, logged
#   as loss_contrastive / loss_cast; Grad-CAM on layer4.
# momentum 0.9 and weight decay 1e-4 are the schedule base's.
_base_ = [
    '../_base_/datasets/coco-unlabeled_bs32_cast.py',
    '../_base_/schedules/sgd_coslr_200e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    type='MoCo',
    queue_len=65536,
    feat_dim=128,
    momentum=0.001,  # mmpretrain's convention: key momentum 1 - 0.001
    data_preprocessor=dict(
        type='LocDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True,
        require=['saliency']),
    backbone=dict(
        type='ResNet',
        depth=50,
        norm_cfg=dict(type='BN'),
        zero_init_residual=False),
    neck=dict(
        type='MoCoV2Neck',
        in_channels=2048,
        hid_channels=2048,
        out_channels=128,
        with_avg_pool=True),
    head=dict(
        type='ContrastiveHead',
        loss=dict(type='CrossEntropyLoss'),
        temperature=0.07))

optim_wrapper = dict(
    optimizer=dict(type='SGD', lr=0.5, momentum=0.9, weight_decay=1e-4),
    clip_grad=dict(max_norm=2))

# custom_hooks is replaced wholesale: the runtime's two hooks are restated.
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='PriorFallbackHook', interval=50),
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4'),
]

auto_scale_lr = dict(base_batch_size=256)

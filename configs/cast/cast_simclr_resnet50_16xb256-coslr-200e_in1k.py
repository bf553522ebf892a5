# SimCLR + CAST on ImageNet: configs/simclr/simclr_resnet50_16xb256-coslr-
# 200e_in1k.py (mmpretrain's SimCLR: 16 GPUs x 256 images, LARS lr 4.8,
# cosine, 200 epochs) with CAST added (METHODS §1.4, [design]: CAST on any
# contrastive method). What differs from that config:
# - data: ImageNet + saliency maps (data/imagenet/saliency/train/...) with
#   CAST's saliency-constrained views at 224 px (colour jitter (0.4, 0.4,
#   0.4, hue 0.4) p=0.5, grey p=0.2, flip, no blur) instead of SimCLR's
#   views; LocDataPreprocessor carries the maps.
# - CASTHook(alpha=3, beta=1): 0.25 x contrastive + 0.75 x CAST loss, the
#   released MoCo run's weights (not tuned for SimCLR). The score is the
#   similarity of a view's embedding with the other view's saliency-masked
#   embedding (stop-gradient); Grad-CAM on layer4.
# Optimiser, schedule and model are SimCLR's, unchanged.
_base_ = [
    '../_base_/datasets/imagenet_bs32_cast.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=256)

model = dict(
    type='SimCLR',
    data_preprocessor=dict(
        type='LocDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True,
        require=['saliency']),
    backbone=dict(
        type='ResNet',
        depth=50,
        norm_cfg=dict(type='SyncBN'),
        zero_init_residual=True),
    neck=dict(
        type='NonLinearNeck',
        in_channels=2048,
        hid_channels=2048,
        out_channels=128,
        num_layers=2,
        with_avg_pool=True),
    head=dict(
        type='ContrastiveHead',
        loss=dict(type='CrossEntropyLoss'),
        temperature=0.1))

# custom_hooks is replaced wholesale: the runtime's two hooks are restated.
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='PriorFallbackHook', interval=50),
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4'),
]

default_hooks = dict(checkpoint=dict(interval=10))
auto_scale_lr = dict(base_batch_size=4096)

# BYOL + CAST on ImageNet: configs/byol/byol_resnet50_16xb256-coslr-200e_
# in1k.py (mmpretrain's BYOL: 16 GPUs x 256 images, LARS lr 4.8, cosine,
# 200 epochs) with CAST added (METHODS §1.4, [design]: CAST on any
# contrastive method). What differs from that config:
# - data: ImageNet + saliency maps (data/imagenet/saliency/train/...) with
#   CAST's symmetric saliency-constrained views at 224 px (colour jitter
#   (0.4, 0.4, 0.4, hue 0.4) p=0.5, grey p=0.2, flip, no blur, no
#   solarisation) instead of BYOL's asymmetric views; LocDataPreprocessor
#   carries the maps.
# - CASTHook(alpha=3, beta=1): 0.25 x BYOL loss + 0.75 x CAST loss, the
#   released MoCo run's weights (not tuned for BYOL). The score is the
#   similarity of the online prediction with the saliency-masked view's
#   target projection (EMA, stop-gradient); Grad-CAM on layer4.
# Optimiser, schedule and model are BYOL's, unchanged.
_base_ = [
    '../_base_/datasets/imagenet_bs32_cast.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=256)

model = dict(
    type='BYOL',
    base_momentum=0.01,  # target EMA 0.99 -> 1 (cosine)
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
        zero_init_residual=False),
    neck=dict(
        type='NonLinearNeck',
        in_channels=2048,
        hid_channels=4096,
        out_channels=256,
        num_layers=2,
        with_bias=True,
        with_last_bn=False,
        with_avg_pool=True),
    head=dict(
        type='LatentPredictHead',
        predictor=dict(
            type='NonLinearNeck',
            in_channels=256,
            hid_channels=4096,
            out_channels=256,
            num_layers=2,
            with_bias=True,
            with_last_bn=False,
            with_avg_pool=False),
        loss=dict(type='CosineSimilarityLoss')))

# custom_hooks is replaced wholesale: the runtime's two hooks are restated.
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='PriorFallbackHook', interval=50),
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4'),
]

auto_scale_lr = dict(base_batch_size=4096)

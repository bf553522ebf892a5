# Tiny MoCo v2 + CAST on the embedded synthetic data: ResNet-18, 96 px, one
# process, its saliency maps (`make data`: saliency/fine_grained/...).
# Exactly configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py
# (model, optimiser, schedule) plus CAST: the saliency-constrained views of
# synthetic-96px_priors.py (no blur, jitter p=0.5 with hue 0.4), the maps
# carried by LocDataPreprocessor, and CASTHook(alpha=3, beta=1). The
# released run's lr 0.5 / T 0.07 / clip 2 (cast_mocov2_resnet50_*_coco.py)
# are not used here so that the tiny baseline and the tiny CAST differ only
# by CAST.
_base_ = [
    '../_base_/datasets/synthetic-96px_priors.py',
    '../_base_/schedules/sgd_coslr_200e.py',
    '../_base_/default_runtime.py',
]

# CAST needs the image and its saliency map only (no segments).
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadImageFromFile'),
        dict(
            type='LoadSaliencyMap',
            map_root={{_base_.saliency_root}},
            img_root={{_base_.data_root}}),
        dict(
            type='MultiView',
            num_views=2,
            transforms=[{{_base_.view_pipeline}}]),
        dict(type='PackLocInputs'),
    ]))

model = dict(
    type='MoCo',
    # About one epoch of the default synthetic train split.
    queue_len=1024,
    feat_dim=128,
    # A short run needs a faster key encoder than 0.999.
    momentum=0.01,
    data_preprocessor=dict(
        type='LocDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True,
        require=['saliency']),
    backbone=dict(
        type='ResNet',
        depth=18,
        norm_cfg=dict(type='BN'),
        zero_init_residual=False),
    neck=dict(
        type='MoCoV2Neck',
        in_channels=512,
        hid_channels=512,
        out_channels=128,
        with_avg_pool=True),
    head=dict(
        type='ContrastiveHead',
        loss=dict(type='CrossEntropyLoss'),
        temperature=0.2))

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=20, by_epoch=True, begin=0, end=20)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=5, max_keep_ckpts=2))
# custom_hooks is replaced wholesale: the runtime's two hooks are restated.
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='PriorFallbackHook', interval=50),
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4'),
]
randomness = dict(seed=0)

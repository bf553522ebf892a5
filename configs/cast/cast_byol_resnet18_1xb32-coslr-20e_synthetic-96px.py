# Tiny BYOL + CAST on the embedded synthetic data: ResNet-18, 96 px, one
# process, its saliency maps (`make data`: saliency/fine_grained/...).
# Exactly configs/byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py
# (model, optimiser, schedule) plus CAST: the symmetric saliency-constrained
# views of synthetic-96px_priors.py instead of BYOL's asymmetric views, the
# maps carried by LocDataPreprocessor, and CASTHook(alpha=3, beta=1).
_base_ = [
    '../_base_/datasets/synthetic-96px_priors.py',
    '../_base_/schedules/lars_coslr_200e.py',
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
    type='BYOL',
    base_momentum=0.01,
    data_preprocessor=dict(
        type='LocDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True,
        require=['saliency']),
    backbone=dict(
        type='ResNet',
        depth=18,
        # One process: SyncBN would be plain BN anyway.
        norm_cfg=dict(type='BN'),
        zero_init_residual=False),
    neck=dict(
        type='NonLinearNeck',
        in_channels=512,
        hid_channels=1024,
        out_channels=128,
        num_layers=2,
        with_bias=True,
        with_last_bn=False,
        with_avg_pool=True),
    head=dict(
        type='LatentPredictHead',
        predictor=dict(
            type='NonLinearNeck',
            in_channels=128,
            hid_channels=1024,
            out_channels=128,
            num_layers=2,
            with_bias=True,
            with_last_bn=False,
            with_avg_pool=False),
        loss=dict(type='CosineSimilarityLoss')))

# LARS lr 4.8 at batch 4096, scaled linearly to 32 and raised for a short run.
optim_wrapper = dict(optimizer=dict(lr=0.3))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-4,
        by_epoch=True,
        begin=0,
        end=2,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=18, by_epoch=True, begin=2, end=20)
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

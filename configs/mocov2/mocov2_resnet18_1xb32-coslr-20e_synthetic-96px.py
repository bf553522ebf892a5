# Tiny MoCo v2 on the embedded synthetic data: ResNet-18, 96 px, one process.
# Trains in minutes on 2 CPU cores; the baseline the tiny mmloc methods are
# compared against.
_base_ = [
    '../_base_/datasets/synthetic-96px_bs32_mocov2.py',
    '../_base_/schedules/sgd_coslr_200e.py',
    '../_base_/default_runtime.py',
]

model = dict(
    type='MoCo',
    # About one epoch of the default synthetic train split.
    queue_len=1024,
    feat_dim=128,
    # A short run needs a faster key encoder than 0.999.
    momentum=0.01,
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
randomness = dict(seed=0)

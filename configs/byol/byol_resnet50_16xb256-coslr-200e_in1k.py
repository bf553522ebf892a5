# BYOL (Grill et al. 2020), as mmpretrain's config: the baseline of DetConB
# and CVSA. 16 GPUs x 256 images, LARS lr 4.8, cosine, 200 epochs.
_base_ = [
    '../_base_/datasets/imagenet_bs32_byol.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=256)

model = dict(
    type='BYOL',
    base_momentum=0.01,  # target EMA 0.99 -> 1 (cosine)
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

auto_scale_lr = dict(base_batch_size=4096)

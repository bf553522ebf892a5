# DetConS (Hénaff et al. 2021; METHODS §2): SimCLR over mask-pooled features.
# One network for both views; the projector as DetConB's (2048 -> 4096 -> 256,
# BN over all B x 16 mask vectors); no predictor, no EMA; both sides of the
# loss carry gradients, also through the gather over processes.
model = dict(
    type='DetConS',
    num_samples=16,
    backbone=dict(
        type='ResNet',
        depth=50,
        norm_cfg=dict(type='SyncBN'),
        zero_init_residual=True),
    neck=dict(
        type='DetConNeck',
        in_channels=2048,
        hid_channels=4096,
        out_channels=256,
        norm_cfg=dict(type='SyncBN')),
    head=dict(
        type='DetConHead',
        loss=dict(type='DetConLoss', temperature=0.1, gather_with_grad=True)))

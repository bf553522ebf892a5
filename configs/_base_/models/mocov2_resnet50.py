# MoCo v2 (Chen et al. 2020), as mmpretrain's config: the baseline CAST is
# added to. Queue of 65,536 keys, 2048 -> 2048 -> 128 MLP neck, tau 0.2.
model = dict(
    type='MoCo',
    queue_len=65536,
    feat_dim=128,
    momentum=0.001,  # mmpretrain's convention: key momentum 1 - 0.001
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
        temperature=0.2))

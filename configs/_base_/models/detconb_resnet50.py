# DetConB (Hénaff et al. 2021; METHODS §2): BYOL over mask-pooled features.
# Projector 2048 -> 4096 -> 256 and predictor 256 -> 4096 -> 256 (Linear +
# bias, BN over all B x 16 mask vectors, ReLU, Linear without bias); target =
# EMA of backbone + projector, decay 0.996 ramped to 1 by a cosine; 16 masks
# drawn per image and view; tau 0.1. The masks come from the data pipeline
# (`segments`, see the dataset config).
model = dict(
    type='DetConB',
    base_momentum=0.004,  # 1 - 0.996
    num_samples=16,
    backbone=dict(
        type='ResNet',
        depth=50,
        norm_cfg=dict(type='SyncBN'),
        zero_init_residual=False),
    neck=dict(
        type='DetConNeck',
        in_channels=2048,
        hid_channels=4096,
        out_channels=256,
        norm_cfg=dict(type='SyncBN')),
    head=dict(
        type='DetConHead',
        predictor=dict(
            type='NonLinearNeck',
            in_channels=256,
            hid_channels=4096,
            out_channels=256,
            num_layers=2,
            with_bias=True,
            with_last_bn=False,
            with_avg_pool=False,
            norm_cfg=dict(type='SyncBN')),
        loss=dict(type='DetConLoss', temperature=0.1)))

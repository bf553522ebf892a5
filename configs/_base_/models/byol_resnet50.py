# BYOL (Grill et al. 2020), as mmpretrain's config: the baseline of DetConB,
# CVSA and CAST-BYOL. Projector 2048 -> 4096 -> 256, predictor 256 -> 4096 ->
# 256; target = EMA of backbone + projector, 0.99 ramped to 1 by a cosine.
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

# CVSA (METHODS §3, mmloc's design): mmpretrain's BYOL (projector 2048 ->
# 4096 -> 256, predictor 256 -> 4096 -> 256, EMA target) plus CVSAHead:
# L = L_cont + w * L_align, both logged. The head's defaults (BCE on
# sigmoid(scale * cos + bias), learnable scale 10 and bias -5, w = 1) and
# the other readings are explained in configs/cvsa/README.md.
model = dict(
    type='CVSA',
    base_momentum=0.01,  # target EMA 0.99 -> 1 (cosine), as mmpretrain's BYOL
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
        loss=dict(type='CosineSimilarityLoss')),
    align_head=dict(
        type='CVSAHead',
        loss_type='bce',
        scale=10.0,
        bias=-5.0,
        learnable_scale=True,
        loss_weight=1.0))

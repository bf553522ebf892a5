# DetConB (Hénaff et al. 2021; METHODS §2): BYOL over mask-pooled features.
# Projector 2048 -> 4096 -> 256 and predictor 256 -> 4096 -> 256 (Linear +
# bias, BN over all B x 16 mask vectors, ReLU, Linear without bias); target =
# EMA of backbone + projector, decay 0.996 ramped to 1 by a cosine; 16 masks
# drawn per image and view; tau 0.1. The masks come from the data pipeline
# (`segments`, see the dataset config). BYOL's backbone and predictor sizes
# (byol_resnet50.py); the projector keeps BYOL's sizes but pools per mask.
_base_ = ['./byol_resnet50.py']

model = dict(
    type='DetConB',
    base_momentum=0.004,  # 1 - 0.996
    num_samples=16,
    neck=dict(
        _delete_=True,
        type='DetConNeck',
        in_channels=2048,
        hid_channels=4096,
        out_channels=256,
        norm_cfg=dict(type='SyncBN')),
    head=dict(
        type='DetConHead',
        predictor=dict(norm_cfg=dict(type='SyncBN')),
        loss=dict(type='DetConLoss', temperature=0.1)))

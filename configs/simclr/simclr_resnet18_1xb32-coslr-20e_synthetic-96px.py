# Tiny SimCLR on the embedded synthetic data: ResNet-18, 96 px, one process.
_base_ = [
    '../_base_/models/simclr_resnet50.py',
    '../_base_/datasets/synthetic-96px_bs32_simclr.py',
    '../_base_/schedules/lars_coslr_20e.py',
    '../_base_/synthetic_runtime.py',
]

model = dict(
    # One process: SyncBN would be plain BN anyway.
    backbone=dict(depth=18, norm_cfg=dict(type='BN')),
    neck=dict(in_channels=512, hid_channels=512))

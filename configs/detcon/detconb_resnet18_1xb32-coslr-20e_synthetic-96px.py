# Tiny DetConB on the embedded synthetic data: ResNet-18, 96 px, one process,
# FH masks (`make data`: fh_masks/...). The tiny BYOL config (optimiser,
# schedule, views, EMA momentum) with DetCon's neck, head and loss, so that the
# two differ only by DetCon. Its 3 x 3 last-stage grid holds at most 9 masks;
# 16 ids are still drawn per view (with replacement).
_base_ = [
    '../byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    '../_base_/datasets/synthetic-96px_detcon.py',
]

# BYOL's backbone, EMA momentum and projector / predictor sizes
model = dict(
    type='DetConB',
    num_samples=16,
    # BN1d: one process (SyncBN would be plain BN; gloo has no SyncBN)
    neck=dict(
        _delete_=True,
        type='DetConNeck',
        in_channels=512,
        hid_channels=1024,
        out_channels=128,
        norm_cfg=dict(type='BN1d')),
    head=dict(
        type='DetConHead',
        predictor=dict(norm_cfg=dict(type='BN1d')),
        loss=dict(type='DetConLoss', temperature=0.1)))

# the grid / ground-truth variants swap the mask loader only
detcon_views = dict(
    type='MultiView',
    num_views=[1, 1],
    transforms=[_base_.view_pipeline1, _base_.view_pipeline2])
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadImageFromFile'), _base_.detcon_fh, detcon_views,
        dict(type='PackLocInputs')
    ]))
# merged into the baseline's SelfSupDataPreprocessor (mean / std kept)
data_preprocessor = dict(type='LocDataPreprocessor', require=['segments'])

# Tiny DetConS on the embedded synthetic data: ResNet-18, 96 px, one process,
# FH masks (`make data`: fh_masks/...). The tiny SimCLR config (optimiser,
# schedule, views) with DetCon's neck, head and loss, so that the two differ
# only by DetCon (the R50 configs use BYOL's views, as the paper).
_base_ = [
    '../simclr/simclr_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    '../_base_/datasets/synthetic-96px_detcon.py',
]

# SimCLR's backbone and projector sizes
model = dict(
    type='DetConS',
    num_samples=16,
    neck=dict(
        _delete_=True,
        type='DetConNeck',
        in_channels=512,
        hid_channels=512,
        out_channels=128,
        norm_cfg=dict(type='BN1d')),
    head=dict(
        _delete_=True,
        type='DetConHead',
        loss=dict(type='DetConLoss', temperature=0.1, gather_with_grad=True)))

# the grid / ground-truth variants swap the mask loader only
detcon_views = dict(
    type='MultiView', num_views=2, transforms=[_base_.view_pipeline])
train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadImageFromFile'), _base_.detcon_fh, detcon_views,
        dict(type='PackLocInputs')
    ]))
data_preprocessor = dict(type='LocDataPreprocessor', require=['segments'])

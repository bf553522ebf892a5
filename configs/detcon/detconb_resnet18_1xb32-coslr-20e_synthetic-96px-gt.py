# Tiny DetConB on the embedded synthetic data with the true object mask (object
# vs background: the ground-truth upper bound); otherwise
# detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py (FH masks).
_base_ = ['./detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py']

train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='LoadImageFromFile'),
        {{_base_.detcon_gt}},
        {{_base_.detcon_views}},
        dict(type='PackLocInputs'),
    ]))

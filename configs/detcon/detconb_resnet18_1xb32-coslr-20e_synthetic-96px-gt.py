# Tiny DetConB on the embedded synthetic data with the true object mask (object
# vs background: the ground-truth upper bound); otherwise
# detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py (FH masks).
_base_ = ['./detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py']
from mmloc.utils.pipeline_config import replace_transforms

train_dataloader = dict(
    dataset=dict(pipeline=replace_transforms(
        _base_.train_dataloader.dataset.pipeline,
        LoadSegments=_base_.detcon_gt)))

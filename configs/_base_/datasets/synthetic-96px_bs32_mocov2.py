# MoCo v2's views on the embedded procedural data at 96 px.
_base_ = ['./imagenet_bs32_mocov2.py', './synthetic-96px.py']
from mmloc.utils.pipeline_config import update_transforms

view_pipeline = update_transforms(_base_.view_pipeline,
                                  **_base_.synthetic_views_96px)
train_pipeline = update_transforms(_base_.train_pipeline,
                                   **_base_.synthetic_views_96px)
train_dataloader = dict(
    num_workers=2,
    dataset=dict(**_base_.synthetic_train_split, pipeline=train_pipeline))

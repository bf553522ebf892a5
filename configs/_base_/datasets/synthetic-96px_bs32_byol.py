# BYOL's asymmetric views on the embedded procedural data at 96 px.
_base_ = ['./imagenet_bs32_byol.py', './synthetic-96px.py']
from mmloc.utils.pipeline_config import update_transforms

view_pipeline1 = update_transforms(_base_.view_pipeline1,
                                   **_base_.synthetic_views_96px)
view_pipeline2 = update_transforms(_base_.view_pipeline2,
                                   **_base_.synthetic_views_96px)
train_pipeline = update_transforms(_base_.train_pipeline,
                                   **_base_.synthetic_views_96px)
train_dataloader = dict(
    num_workers=2,
    dataset=dict(**_base_.synthetic_train_split, pipeline=train_pipeline))

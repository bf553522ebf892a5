# COCO train2017 with DetCon's spatial-heuristic masks (METHODS §2.1): each
# image is cut into an n x n grid of non-overlapping cells before it is
# augmented, so the cells move with the crop like any other mask. No files.
_base_ = ['./coco_bs32_detcon.py']
from mmloc.utils.pipeline_config import replace_transforms

# cells a side: mmloc's default (the paper ablates n; mask quality, not the
# exact n, is what it reports to matter)
grid_size = 4

train_pipeline = replace_transforms(
    _base_.train_pipeline,
    LoadSegments=dict(type='LoadSegments', source='grid', grid_size=grid_size))

train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

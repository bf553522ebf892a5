# Mask R-CNN transfer of the shape benchmark: the textured one
# (mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py) on the shapes' COCO layout
# with the narrow ResNet-18 of shapes-128px.py (FPN in_channels follow its
# width); the same resizing (short side 128..160), schedule and evaluator.
_base_ = [
    '../../../configs/benchmarks/mmdetection/coco/'
    'mask-rcnn_r18_fpn_1xb4-200i_synthetic-coco.py',
    './_base_/shapes-128px.py',
]

data_root = 'data/synthetic-shapes/coco/'

model = dict(
    backbone=dict(
        stem_channels={{_base_.shapes_width}},
        base_channels={{_base_.shapes_width}}),
    neck=dict(in_channels={{_base_.shapes_stage_channels}}))

train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val2017.json')
test_evaluator = val_evaluator

# BYOL on COCO train2017 (no labels): CVSA's COCO stage 1 (the poster's
# "dual-stage with the first stage on COCO"). The ImageNet config's model
# and optimisation (16 GPUs x 256 images, LARS lr 4.8, cosine, 200 epochs).
_base_ = [
    './byol_resnet50_16xb256-coslr-200e_in1k.py',
    '../_base_/datasets/coco-unlabeled.py',
]

train_dataloader = dict(
    dataset=dict(**_base_.coco_unlabeled, pipeline=_base_.train_pipeline))

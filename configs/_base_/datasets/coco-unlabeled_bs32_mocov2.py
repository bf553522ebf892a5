# COCO train2017 images without labels, as CAST pretrains, with MoCo v2's
# views (real layout: data/coco/train2017/*.jpg).
_base_ = ['./imagenet_bs32_mocov2.py', './coco-unlabeled.py']

train_dataloader = dict(
    dataset=dict(**_base_.coco_unlabeled, pipeline=_base_.train_pipeline))

# COCO train2017 images without labels (real layout:
# data/coco/train2017/*.jpg), as a variable only (prefixed `coco_`), so that
# a method's ImageNet dataset file or config can swap its dataset for it:
#   _base_ = ['./imagenet_bs32_mocov2.py', './coco-unlabeled.py']
#   train_dataloader = dict(
#       dataset=dict(**_base_.coco_unlabeled, pipeline=...))
coco_unlabeled = dict(
    _delete_=True,  # ImageNet's `split` does not apply to CustomDataset
    type='CustomDataset',
    data_root='data/coco/',
    data_prefix='train2017',
    with_label=False)

# COCO train2017 images without labels, as CAST pretrains
# (real layout: data/coco/train2017/*.jpg).
_base_ = ['./imagenet_bs32_mocov2.py']

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='CustomDataset',
        data_root='data/coco/',
        data_prefix='train2017',
        with_label=False,
        pipeline={{_base_.train_pipeline}}))

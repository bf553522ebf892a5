# The synthetic CUB layout (10 classes, 64 px images) in place of
# CUB-200-2011, for the tiny fine-grained benchmark configs:
#     python tools/data/make_synthetic.py --formats cub --size 64
# writes data/synthetic/CUB_200_2011/ (mmpretrain's ``CUB`` reads it; the
# synthetic "val" split is its "test" split). cub_bs32_224.py scaled to 64 px
# (crop 64, test short edge 73 = 64 / 0.875), batch 16.
_base_ = ['./cub_bs32_224.py']
from mmloc.utils.pipeline_config import update_transforms

data_root = 'data/synthetic/CUB_200_2011/'
# mmloc.datasets.synthetic.SYNTHETIC_CLASSES, in label order
classes = ('disc', 'square', 'triangle', 'star', 'cross', 'ring', 'hexagon',
           'crescent', 'heart', 'arrow')

data_preprocessor = dict(num_classes=len(classes))

train_pipeline = update_transforms(
    _base_.train_pipeline, RandomResizedCrop=dict(scale=64))
test_pipeline = update_transforms(
    _base_.test_pipeline,
    ResizeEdge=dict(scale=73),
    CenterCrop=dict(crop_size=64))

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    dataset=dict(
        data_root=data_root,
        metainfo=dict(classes=classes),
        pipeline=train_pipeline))
val_dataloader = dict(
    train_dataloader,
    dataset=dict(train_dataloader['dataset'], pipeline=test_pipeline))
test_dataloader = val_dataloader

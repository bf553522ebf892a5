# The embedded procedural data (tools/data/make_synthetic.py) in the ImageNet
# layout, 96 px, as variables that a method's synthetic dataset file applies
# to the method's ImageNet file (see synthetic-96px_bs32_mocov2.py).
dataset_type = 'CustomDataset'
data_root = 'data/synthetic/imagenet/'
synthetic_train_split = dict(
    _delete_=True,  # ImageNet's `split` does not apply to CustomDataset
    type=dataset_type,
    data_root=data_root,
    ann_file='meta/train.txt',
    data_prefix='train')
# A 224 px recipe's views at 96 px: the blur's sigma scales with the image.
synthetic_views_96px = dict(
    RandomResizedCrop=dict(scale=96),
    GaussianBlur=dict(magnitude_range=(0.1, 1.0)))

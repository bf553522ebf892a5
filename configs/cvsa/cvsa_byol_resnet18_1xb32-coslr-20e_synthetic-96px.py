# Tiny CVSA on the embedded ImageNet-layout data (96 px, 10 classes), so that
# it trains on the same images, saliency prior and schedule as the other tiny
# arms of tools/experiments/localization_effect.py (MoCo v2 [+ CAST], BYOL,
# DetConB): the synthetic-CUB config with its CUB images swapped for
# data/synthetic/imagenet/train and CAST's `fine_grained` saliency maps
# (`make data` writes both). Saliency Swap and the alignment head unchanged.
_base_ = ['./cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py']

data_root = 'data/synthetic/imagenet/'

train_dataloader = dict(
    dataset=dict(
        dataset=dict(
            _delete_=True,
            type='CustomDataset',
            data_root=data_root,
            ann_file='meta/train.txt',
            data_prefix='train',
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(
                    type='LoadSaliencyMap',
                    map_root=data_root + 'saliency/fine_grained/',
                    img_root=data_root),
            ])))

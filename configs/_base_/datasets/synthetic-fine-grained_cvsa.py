# CVSA's data on the synthetic fine-grained layouts, as variables only
# (prefixed `cvsa_`), so that a tiny CVSA config can inherit both the tiny
# BYOL config and this file (mmengine forbids the same key in two bases).
# Write the sets and their saliency maps (mirroring the images) with
#   python tools/data/make_synthetic.py --formats cub cars --size 96
#   python tools/data/gen_saliency.py --method fine_grained \
#       --in-dir data/synthetic/CUB_200_2011/images \
#       --out-dir data/synthetic/CUB_200_2011/saliency/images
#   python tools/data/gen_saliency.py --method fine_grained \
#       --in-dir data/synthetic/stanford_cars/cars_train \
#       --out-dir data/synthetic/stanford_cars/saliency/cars_train
cvsa_cub_root = 'data/synthetic/CUB_200_2011/'
cvsa_cars_root = 'data/synthetic/stanford_cars/'

# the tiny BYOL views (synthetic-96px_bs32_byol.py) without their crop:
# Saliency Swap sets the geometry
cvsa_swap_views = [
    [
        dict(type='RandomFlip', prob=0.5),
        dict(
            type='RandomApply',
            transforms=[
                dict(
                    type='ColorJitter',
                    brightness=0.4,
                    contrast=0.4,
                    saturation=0.2,
                    hue=0.1)
            ],
            prob=0.8),
        dict(
            type='GaussianBlur',
            magnitude_range=(0.1, 1.0),
            magnitude_std='inf',
            prob=1.),
    ],
    [
        dict(type='RandomFlip', prob=0.5),
        dict(
            type='RandomApply',
            transforms=[
                dict(
                    type='ColorJitter',
                    brightness=0.4,
                    contrast=0.4,
                    saturation=0.2,
                    hue=0.1)
            ],
            prob=0.8),
        dict(
            type='GaussianBlur',
            magnitude_range=(0.1, 1.0),
            magnitude_std='inf',
            prob=0.1),
        dict(type='Solarize', thr=128, prob=0.2),
    ],
]

cvsa_swap_pipeline = [
    dict(
        type='SaliencySwap',
        transforms=cvsa_swap_views,
        num_views=[1, 1],
        scale=96),
    dict(type='PackLocInputs'),
]

# `_delete_`: each replaces the baseline's dataset when substituted as
#   train_dataloader = dict(dataset={{_base_.cvsa_cub}})
cvsa_cub = dict(
    _delete_=True,
    type='MultiImageMixDataset',
    dataset=dict(
        type='CUB',
        data_root=cvsa_cub_root,
        split='train',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='LoadSaliencyMap',
                map_root=cvsa_cub_root + 'saliency/',
                img_root=cvsa_cub_root),
        ]),
    pipeline=cvsa_swap_pipeline)

cvsa_cars = dict(
    _delete_=True,
    type='MultiImageMixDataset',
    dataset=dict(
        type='StanfordCars',
        data_root=cvsa_cars_root,
        split='train',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='LoadSaliencyMap',
                map_root=cvsa_cars_root + 'saliency/',
                img_root=cvsa_cars_root),
        ]),
    pipeline=cvsa_swap_pipeline)

# The shape benchmark (the localization benchmark's default): the embedded
# procedural data with `--class-cue shape` -- the class is the object's
# silhouette alone, its colours and texture are drawn per instance from a
# pool all classes share, and the background family follows the class with
# p = 0.9 in train / val `original` and not in `mixed_rand` -- at 128 px,
# so that a ResNet's last stage is 4 x 4 (Grad-CAM on 3 x 3 is degenerate).
# `make data` writes it to data/synthetic-shapes/ (see the Makefile).
#
# Variables only (prefixed `shapes_`), so that an arm can inherit its
# method's tiny config and this file (mmengine forbids a key in two bases).
shapes_root = 'data/synthetic-shapes/'
shapes_data_root = shapes_root + 'imagenet/'
shapes_size = 128
# A half-width ResNet-18 (32-64-128-256 channels): about a quarter of the
# FLOPs, which buys the epochs that learning shapes needs on 2 CPU cores.
# Narrower does not pay: at 16-128 channels a BYOL step costs a third, but
# random init reads `mixed_rand` better (linear 21.4 vs 16.9 %) and BYOL
# gains nothing over it in 12 epochs (README, "Choosing the budget").
shapes_width = 32
shapes_stage_channels = [shapes_width * 2**i for i in range(4)]
shapes_feat_dim = shapes_stage_channels[-1]
shapes_layer3_channels = shapes_stage_channels[2]  # FCN's auxiliary head
shapes_backbone = dict(
    type='ResNet',
    depth=18,
    stem_channels=shapes_width,
    base_channels=shapes_width,
    norm_cfg=dict(type='BN'),
    zero_init_residual=False)
# MoCo v2's recipe on this data (its arm and CAST's): lr 0.12 and
# temperature 0.1 instead of the tiny config's 0.03 / 0.2, which learned
# nothing over random init in 12 epochs at batch 32 (projects/
# localization_benchmark/README.md, "Choosing the budget").
shapes_mocov2_lr = 0.12
shapes_mocov2_temperature = 0.1

shapes_color_jitter = dict(
    type='RandomApply',
    transforms=[
        dict(
            type='ColorJitter',
            brightness=0.4,
            contrast=0.4,
            saturation=0.4,
            hue=0.1)
    ],
    prob=0.8)
shapes_grayscale = dict(
    type='RandomGrayscale',
    prob=0.2,
    keep_channels=True,
    channel_weights=(0.114, 0.587, 0.2989))

# MoCo v2's views (synthetic-96px_bs32_mocov2.py) at 128 px
shapes_mocov2_view = [
    dict(
        type='RandomResizedCrop',
        scale=shapes_size,
        crop_ratio_range=(0.2, 1.),
        backend='pillow'),
    shapes_color_jitter,
    shapes_grayscale,
    dict(
        type='GaussianBlur',
        magnitude_range=(0.1, 1.0),
        magnitude_std='inf',
        prob=0.5),
    dict(type='RandomFlip', prob=0.5),
]


# BYOL's asymmetric views (synthetic-96px_bs32_byol.py) at 128 px
def _byol_view(blur: float, solarize: float) -> list:
    return [
        dict(
            type='RandomResizedCrop',
            scale=shapes_size,
            interpolation='bicubic',
            backend='pillow'),
        dict(type='RandomFlip', prob=0.5),
        shapes_color_jitter,
        shapes_grayscale,
        dict(
            type='GaussianBlur',
            magnitude_range=(0.1, 1.0),
            magnitude_std='inf',
            prob=blur),
        dict(type='Solarize', thr=128, prob=solarize),
    ]


shapes_byol_views = dict(
    type='MultiView',
    num_views=[1, 1],
    transforms=[_byol_view(1., 0.), _byol_view(0.1, 0.2)])
del _byol_view

# CAST's saliency-constrained views (synthetic-96px_cast.py) at 128 px
shapes_cast_view = [
    dict(type='SaliencyConstrainedCrop', scale=shapes_size, min_cover=0.2),
    dict(
        type='RandomApply',
        transforms=[
            dict(
                type='ColorJitter',
                brightness=0.4,
                contrast=0.4,
                saturation=0.4,
                hue=0.4)
        ],
        prob=0.5),
    shapes_grayscale,
    dict(type='RandomFlip', prob=0.5),
]

# The localization priors, mirroring the images under shapes_data_root
# (`make data`): classical saliency, the true foreground as a saliency map
# (the oracle), FH segments, the true object masks, and the ground truth
# degraded at two measured levels for the prior-quality sweep
# (tools/data/degrade_priors.py; its summaries give each level's IoU).
shapes_saliency = dict(
    fine_grained=shapes_data_root + 'saliency/fine_grained/',
    ground_truth=shapes_data_root + 'saliency/ground_truth/',
    gt_dilated=shapes_data_root + 'saliency/gt_dilated/',
    gt_noisy=shapes_data_root + 'saliency/gt_noisy/')
shapes_segments = dict(
    fh=shapes_data_root + 'fh_masks/',
    ground_truth=shapes_data_root + 'gt_masks/',
    gt_dilated=shapes_data_root + 'seg_priors/gt_dilated/',
    gt_noisy=shapes_data_root + 'seg_priors/gt_noisy/')

# The train pipelines of the prior-driven arms, one per prior, so that an arm
# of the sweep picks its pipeline instead of restating it:
#   pipeline={{_base_.shapes_cast_pipelines.ground_truth}}
shapes_cast_pipelines = {
    name: [
        dict(type='LoadImageFromFile'),
        dict(
            type='LoadSaliencyMap',
            map_root=root,
            img_root=shapes_data_root),
        dict(type='MultiView', num_views=2, transforms=[shapes_cast_view]),
        dict(type='PackLocInputs'),
    ]
    for name, root in shapes_saliency.items()
}
shapes_detcon_pipelines = {
    name: [
        dict(type='LoadImageFromFile'),
        dict(
            type='LoadSegments',
            source='file',
            seg_root=root,
            img_root=shapes_data_root),
        shapes_byol_views,
        dict(type='PackLocInputs'),
    ]
    for name, root in shapes_segments.items()
}

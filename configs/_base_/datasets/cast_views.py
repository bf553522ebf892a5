# CAST's saliency-constrained views (METHODS §1.1) at 224 px, as a variable
# only (prefixed `cast_`), so that both a dataset file and a tiny config that
# also inherits its baseline's data can take them: one view, as the
# reference (`--crop ref`: each view is constrained independently). Crop and
# flip move the saliency map with the image; colour jitter and grey scale
# touch the image only. No Gaussian blur.
cast_view_pipeline = [
    dict(
        type='SaliencyConstrainedCrop',
        scale=224,
        crop_ratio_range=(0.2, 1.),
        min_cover=0.2,
        backend='pillow'),
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
    dict(
        type='RandomGrayscale',
        prob=0.2,
        keep_channels=True,
        channel_weights=(0.114, 0.587, 0.2989)),
    dict(type='RandomFlip', prob=0.5),
]

# ImageNet (real layout: data/imagenet/train/<class>/*.JPEG, meta/train.txt
# optional) with one saliency map per image, and CAST's saliency-constrained
# views (METHODS §1.1) at 224 px.
#
# The maps mirror the image tree, one uint8 PNG (0..255, salient > 128) of
# the image's size per image:
#   data/imagenet/train/n01440764/x.JPEG
#   data/imagenet/saliency/train/n01440764/x.png
# CAST used unsupervised DeepUSPS maps. Adopt (and validate) them with
#   python tools/data/gen_saliency.py --in-dir data/imagenet/train \
#       --out-dir data/imagenet/saliency/train --import-dir DEEPUSPS_PNGS
# or compute a classical stand-in (no DeepUSPS at hand) with
#   python tools/data/gen_saliency.py --in-dir data/imagenet/train \
#       --out-dir data/imagenet/saliency/train --method fine_grained \
#       --workers 16
dataset_type = 'ImageNet'
data_root = 'data/imagenet/'
# LoadSaliencyMap mirrors `relpath(img_path, data_root)` under this root.
saliency_root = data_root + 'saliency/'

# Stacks the per-view saliency maps with the images; a sample without a map
# fails the first batch (require). The masked key is built after this
# normalisation, so its background becomes the mean colour (METHODS §1.2).
data_preprocessor = dict(
    type='LocDataPreprocessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True,
    require=['saliency'])

# One view, as the reference (`--crop ref`: each view is constrained
# independently). Crop and flip move the saliency map with the image; colour
# jitter and grey scale touch the image only. No Gaussian blur.
view_pipeline = [
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

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMap', map_root=saliency_root, img_root=data_root),
    dict(type='MultiView', num_views=2, transforms=[view_pipeline]),
    dict(type='PackLocInputs')
]

train_dataloader = dict(
    batch_size=32,
    num_workers=8,
    drop_last=True,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    # LocDataPreprocessor expects lists of views, not stacked tensors.
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        pipeline=train_pipeline))

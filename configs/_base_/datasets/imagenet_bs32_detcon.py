# ImageNet (real layout: data/imagenet/train/<class>/*.JPEG) with one
# Felzenszwalb-Huttenlocher segment map per image, and BYOL's two asymmetric
# views (blur p 1.0 / 0.1, solarisation p 0 / 0.2), as DetCon (METHODS §2.1).
#
# The segment maps mirror the image tree, one PNG of ids (8- or 16-bit) of
# the image's size per image:
#   data/imagenet/train/n01440764/x.JPEG
#   data/imagenet/fh_masks/train/n01440764/x.png
# written once, offline, with the reference's settings (scale 1000, sigma
# 0.8, min_size 1000):
#   python tools/data/gen_fh_masks.py --in-dir data/imagenet/train \
#       --out-dir data/imagenet/fh_masks/train --workers 16
# Crop and flip move the ids with the image (nearest neighbour, no id is
# interpolated); colour, blur and solarisation touch the image only.
_base_ = ['./imagenet_bs32_byol.py']

data_root = 'data/imagenet/'
# LoadSegments mirrors `relpath(img_path, data_root)` under this root.
segments_root = data_root + 'fh_masks/'

# LocDataPreprocessor carries the ids (int64) with the images; a sample
# without them fails the first batch (require).
data_preprocessor = dict(type='LocDataPreprocessor', require=['segments'])

# Variant configs replace only the loader of the masks: pipeline =
# [LoadImageFromFile, <segments>, multi_view, PackLocInputs].
multi_view = dict(
    type='MultiView',
    num_views=[1, 1],
    transforms=[_base_.view_pipeline1, _base_.view_pipeline2])

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='LoadSegments',
        source='file',
        seg_root=segments_root,
        img_root=data_root),
    multi_view,
    dict(type='PackLocInputs'),
]

train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

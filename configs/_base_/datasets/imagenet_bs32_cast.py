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
_base_ = ['./imagenet_bs32_selfsup.py', './cast_views.py']

data_root = 'data/imagenet/'
# LoadSaliencyMap mirrors `relpath(img_path, data_root)` under this root.
saliency_root = data_root + 'saliency/'
# Stacks the per-view saliency maps with the images; a sample without a map
# fails the first batch (require). The masked key is built after this
# normalisation, so its background becomes the mean colour (METHODS §1.2).
data_preprocessor = dict(type='LocDataPreprocessor', require=['saliency'])
view_pipeline = _base_.cast_view_pipeline
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMap', map_root=saliency_root, img_root=data_root),
    dict(type='MultiView', num_views=2, transforms=[view_pipeline]),
    dict(type='PackLocInputs')
]

train_dataloader = dict(num_workers=8, dataset=dict(pipeline=train_pipeline))

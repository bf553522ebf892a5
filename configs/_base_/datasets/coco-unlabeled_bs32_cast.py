# COCO train2017 images without labels, each with its saliency map: what
# CAST pretrains on (METHODS §1.3), with CAST's saliency-constrained views
# (METHODS §1.1) at 224 px.
#
# The maps mirror the images, one uint8 PNG (0..255, salient > 128) of the
# image's size per image:
#   data/coco/train2017/000000000009.jpg
#   data/coco/saliency/train2017/000000000009.png
# The released run used unsupervised DeepUSPS maps. Adopt (and validate)
# them with
#   python tools/data/gen_saliency.py --in-dir data/coco/train2017 \
#       --out-dir data/coco/saliency/train2017 --import-dir DEEPUSPS_PNGS
# or compute a classical stand-in (no DeepUSPS at hand) with
#   python tools/data/gen_saliency.py --in-dir data/coco/train2017 \
#       --out-dir data/coco/saliency/train2017 --method fine_grained \
#       --workers 16
_base_ = ['./imagenet_bs32_cast.py']

dataset_type = 'CustomDataset'
data_root = 'data/coco/'
saliency_root = data_root + 'saliency/'

# Lists are replaced wholesale: the loader is restated with COCO's roots,
# the views are ImageNet's.
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMap', map_root=saliency_root, img_root=data_root),
    dict(type='MultiView', num_views=2, transforms=[{{_base_.view_pipeline}}]),
    dict(type='PackLocInputs')
]

train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type=dataset_type,
        data_root=data_root,
        data_prefix='train2017',
        with_label=False,
        pipeline=train_pipeline))

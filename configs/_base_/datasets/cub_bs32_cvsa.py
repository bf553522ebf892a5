# CUB-200-2011 training images (real layout: data/CUB_200_2011/images/...,
# split by train_test_split.txt; labels unused) with one saliency map per
# image, and CVSA's Saliency Swap views (METHODS §3, mmloc's design): each
# sample pastes its salient object onto two other training images'
# backgrounds, one per view, then BYOL's asymmetric colour / blur /
# solarisation (no crop: Saliency Swap sets the geometry) and a flip.
#
# The maps mirror the image tree:
#   data/CUB_200_2011/images/001.Black_footed_Albatross/x.jpg
#   data/CUB_200_2011/saliency/images/001.Black_footed_Albatross/x.png
# computed without labels, e.g.
#   python tools/data/gen_saliency.py --in-dir data/CUB_200_2011/images \
#       --out-dir data/CUB_200_2011/saliency/images --method fine_grained
# (CUB's own segmentations/ are annotations: using them makes the run
# supervised.)
_base_ = ['./imagenet_bs32_byol.py']
from mmloc.utils.pipeline_config import drop_transforms

dataset_type = 'CUB'
data_root = 'data/CUB_200_2011/'
saliency_root = data_root + 'saliency/'
scale = 224

data_preprocessor = dict(type='LocDataPreprocessor', require=['saliency'])

load_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMap', map_root=saliency_root, img_root=data_root),
]

# BYOL's two views without their crop: Saliency Swap sets the geometry
swap_view1 = drop_transforms(_base_.view_pipeline1, 'RandomResizedCrop')
swap_view2 = drop_transforms(_base_.view_pipeline2, 'RandomResizedCrop')

inner_dataset = dict(
    type=dataset_type,
    data_root=data_root,
    split='train',
    pipeline=load_pipeline)

train_pipeline = [
    dict(
        type='SaliencySwap',
        transforms=[swap_view1, swap_view2],
        num_views=[1, 1],
        scale=scale,
        box_jitter=(1.0, 1.3),
        object_scale=(0.4, 0.8)),
    dict(type='PackLocInputs'),
]

train_dataloader = dict(
    batch_size=32,
    num_workers=8,
    dataset=dict(
        _delete_=True,
        type='MultiImageMixDataset',
        dataset=inner_dataset,
        pipeline=train_pipeline))

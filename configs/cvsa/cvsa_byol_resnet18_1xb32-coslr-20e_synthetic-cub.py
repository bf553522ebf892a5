# Tiny CVSA on the synthetic CUB layout: ResNet-18, 96 px, one process,
# Saliency Swap views (synthetic-fine-grained_cvsa.py lists the commands
# that write the data and its saliency maps). The tiny BYOL config
# (optimiser, schedule, EMA) plus CVSA's alignment head, so that the two
# differ only by CVSA.
_base_ = [
    '../byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    '../_base_/datasets/synthetic-fine-grained_cvsa.py',
]
from mmloc.utils.pipeline_config import drop_transforms, update_transforms

model = dict(
    type='CVSA',
    align_head=dict(
        type='CVSAHead',
        loss_type='bce',
        scale=10.0,
        bias=-5.0,
        learnable_scale=True,
        loss_weight=1.0))

# The tiny BYOL views without their crop: Saliency Swap sets the geometry.
# Unlike BYOL's (and the ResNet-50 CVSA's) swap views, these have always
# been without the RandomGrayscale, and without view 1's Solarize (p = 0).
cvsa_swap_views = [
    drop_transforms(_base_.view_pipeline1, 'RandomResizedCrop',
                    'RandomGrayscale', 'Solarize'),
    drop_transforms(_base_.view_pipeline2, 'RandomResizedCrop',
                    'RandomGrayscale'),
]

cvsa_swap_pipeline = [
    dict(
        type='SaliencySwap',
        transforms=cvsa_swap_views,
        num_views=[1, 1],
        scale=96),
    dict(type='PackLocInputs'),
]

# `_delete_`: each replaces the baseline's dataset where used, cvsa_cub as
# below, cvsa_cars (which carries it) as
#   train_dataloader = dict(dataset={{_base_.cvsa_cars}})
cvsa_cub = dict(
    type='MultiImageMixDataset',
    dataset=dict(
        type='CUB',
        data_root=_base_.cvsa_cub_root,
        split='train',
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='LoadSaliencyMap',
                map_root=_base_.cvsa_cub_root + 'saliency/',
                img_root=_base_.cvsa_cub_root),
        ]),
    pipeline=cvsa_swap_pipeline)
cvsa_cars = dict(
    cvsa_cub,
    _delete_=True,
    dataset=dict(
        cvsa_cub['dataset'],
        type='StanfordCars',
        data_root=_base_.cvsa_cars_root,
        pipeline=update_transforms(
            cvsa_cub['dataset']['pipeline'],
            LoadSaliencyMap=dict(
                map_root=_base_.cvsa_cars_root + 'saliency/',
                img_root=_base_.cvsa_cars_root))))

train_dataloader = dict(dataset=dict(cvsa_cub, _delete_=True))
# merged into the baseline's SelfSupDataPreprocessor (mean / std kept)
data_preprocessor = dict(type='LocDataPreprocessor', require=['saliency'])

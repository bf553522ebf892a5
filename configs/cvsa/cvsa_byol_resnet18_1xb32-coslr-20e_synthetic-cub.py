# Tiny CVSA on the synthetic CUB layout: ResNet-18, 96 px, one process,
# Saliency Swap views (synthetic-fine-grained_cvsa.py lists the commands
# that write the data and its saliency maps). The tiny BYOL config
# (optimiser, schedule, EMA) plus CVSA's alignment head, so that the two
# differ only by CVSA.
_base_ = [
    '../byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    '../_base_/datasets/synthetic-fine-grained_cvsa.py',
]

model = dict(
    type='CVSA',
    align_head=dict(
        type='CVSAHead',
        loss_type='bce',
        scale=10.0,
        bias=-5.0,
        learnable_scale=True,
        loss_weight=1.0))

train_dataloader = dict(dataset={{_base_.cvsa_cub}})
# merged into the baseline's SelfSupDataPreprocessor (mean / std kept)
data_preprocessor = dict(type='LocDataPreprocessor', require=['saliency'])

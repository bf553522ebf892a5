# The Saliency Swap ablation of the tiny CVSA on synthetic CUB: the same
# model and alignment head on the tiny BYOL config's own random resized crops
# (each saliency map moved with its view).
_base_ = ['./cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py']
from mmloc.utils.pipeline_config import replace_transforms

# CVSA's images and saliency maps, then BYOL's pipeline after its loading
# (its two views), packed with the maps
train_dataloader = dict(
    dataset=dict(
        _base_.cvsa_cub.dataset,
        _delete_=True,
        pipeline=_base_.cvsa_cub.dataset.pipeline + replace_transforms(
            _base_.train_pipeline[1:],
            PackInputs=dict(type='PackLocInputs'))))

# Tiny CVSA on the embedded ImageNet-layout data (96 px, 10 classes), so that
# it trains on the same images, saliency prior and schedule as the other tiny
# arms of tools/experiments/localization_effect.py (MoCo v2 [+ CAST], BYOL,
# DetConB): the synthetic-CUB config with its CUB images swapped for
# data/synthetic/imagenet/train and CAST's `fine_grained` saliency maps
# (`make data` writes both). Saliency Swap and the alignment head unchanged.
_base_ = ['./cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py']
from mmloc.utils.pipeline_config import update_transforms

data_root = 'data/synthetic/imagenet/'

# the tiny BYOL config's training split (synthetic-96px.py) in place of CUB,
# loaded with its saliency maps as the synthetic-CUB config loads CUB's
train_dataloader = dict(
    dataset=dict(
        dataset=dict(
            _base_.synthetic_train_split,
            pipeline=update_transforms(
                _base_.cvsa_cub.dataset.pipeline,
                LoadSaliencyMap=dict(
                    map_root=data_root + 'saliency/fine_grained/',
                    img_root=data_root)))))

# MoCo v2 -- one arm of the localization benchmark (../README.md): the tiny config
# configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py
# on the shared budget of every arm, 3 epochs (93 iterations of 32 images).
_base_ = ['../../../configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py']

train_cfg = dict(max_epochs=3)
param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=3, by_epoch=True, begin=0, end=3)
]
default_hooks = dict(checkpoint=dict(interval=3))

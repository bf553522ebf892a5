# DetConB with Felzenszwalb-Huttenlocher masks -- one arm of the localization benchmark (../README.md): the tiny config
# configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py
# on the shared budget of every arm, 3 epochs (93 iterations of 32 images).
_base_ = ['../../../configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py']

train_cfg = dict(max_epochs=3)
# The 2-of-20-epoch warm-up becomes 1 epoch, then cosine over the other 2.
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-4,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', T_max=2, by_epoch=True, begin=1, end=3)
]
default_hooks = dict(checkpoint=dict(interval=3))

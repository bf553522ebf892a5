# DetConB with Felzenszwalb-Huttenlocher masks: an arm of the shape benchmark
# (../README.md), the tiny DetConB config
# configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py on the
# shape data, the half-width ResNet-18 and the shared budget: the BYOL arm
# plus DetCon's neck, head and masks only. The -gt / -gt-dilated / -gt-noisy
# arms (the prior-quality sweep) swap the masks.
_base_ = [
    '../../../configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    './_base_/shapes-128px.py',
    './_base_/shapes-128px_knn-monitor.py',
    './_base_/budget_shapes.py',
]

model = dict(
    backbone={{_base_.shapes_backbone}},
    neck=dict(in_channels={{_base_.shapes_feat_dim}}))
train_dataloader = dict(
    dataset=dict(
        data_root={{_base_.shapes_data_root}},
        pipeline={{_base_.shapes_detcon_pipelines.fh}}))

train_cfg = dict(max_epochs={{_base_.budget_epochs}})
param_scheduler = {{_base_.budget_warmup_cosine}}
default_hooks = dict(checkpoint=dict(interval={{_base_.budget_epochs}}))
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='ChannelsLastHook'),
    dict(type='PriorFallbackHook', interval=50),
    {{_base_.shapes_knn_monitor}},
]

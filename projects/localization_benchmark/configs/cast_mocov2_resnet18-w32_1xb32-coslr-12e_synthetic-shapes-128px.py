# MoCo v2 + CAST (classical `fine_grained` saliency): an arm of the shape
# benchmark (../README.md), the tiny CAST config
# configs/cast/cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py on the
# shape data, the half-width ResNet-18 and the shared budget: the MoCo v2 arm
# plus CAST's views, maps and CASTHook only. The -gt / -gt-dilated /
# -gt-noisy arms (the prior-quality sweep) swap the saliency maps.
_base_ = [
    '../../../configs/cast/cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    './_base_/shapes-128px.py',
    './_base_/shapes-128px_knn-monitor.py',
    './_base_/budget_shapes.py',
]

model = dict(
    backbone={{_base_.shapes_backbone}},
    neck=dict(in_channels={{_base_.shapes_feat_dim}}),
    head=dict(temperature={{_base_.shapes_mocov2_temperature}}))
optim_wrapper = dict(optimizer=dict(lr={{_base_.shapes_mocov2_lr}}))
train_dataloader = dict(
    dataset=dict(
        data_root={{_base_.shapes_data_root}},
        pipeline={{_base_.shapes_cast_pipelines.fine_grained}}))

train_cfg = dict(max_epochs={{_base_.budget_epochs}})
param_scheduler = {{_base_.budget_cosine}}
default_hooks = dict(checkpoint=dict(interval={{_base_.budget_epochs}}))
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='ChannelsLastHook'),
    dict(type='PriorFallbackHook', interval=50),
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4'),
    {{_base_.shapes_knn_monitor}},
]

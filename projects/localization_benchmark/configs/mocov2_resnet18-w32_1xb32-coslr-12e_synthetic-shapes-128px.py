# MoCo v2: the baseline arm of the shape benchmark (../README.md), the tiny
# config configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py
# on the shape data, the half-width ResNet-18 and the shared budget.
_base_ = [
    '../../../configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py',
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
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(
                type='MultiView',
                num_views=2,
                transforms=[{{_base_.shapes_mocov2_view}}]),
            dict(type='PackInputs'),
        ]))

train_cfg = dict(max_epochs={{_base_.budget_epochs}})
param_scheduler = {{_base_.budget_cosine}}
default_hooks = dict(checkpoint=dict(interval={{_base_.budget_epochs}}))
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='ChannelsLastHook'),
    dict(type='PriorFallbackHook', interval=50),
    {{_base_.shapes_knn_monitor}},
]

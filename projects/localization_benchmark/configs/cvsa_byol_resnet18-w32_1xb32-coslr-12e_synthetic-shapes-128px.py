# CVSA (BYOL + Saliency Swap + alignment head): an arm of the shape benchmark
# (../README.md), the tiny CVSA config
# configs/cvsa/cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-96px.py on the
# shape data (its `fine_grained` saliency maps), the half-width ResNet-18 and
# the shared budget: the BYOL arm plus Saliency Swap and the alignment head.
_base_ = [
    '../../../configs/cvsa/cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    './_base_/shapes-128px.py',
    './_base_/shapes-128px_knn-monitor.py',
    './_base_/budget_shapes.py',
]

model = dict(
    backbone={{_base_.shapes_backbone}},
    neck=dict(in_channels={{_base_.shapes_feat_dim}}))
train_dataloader = dict(
    dataset=dict(
        pipeline=[
            dict(
                type='SaliencySwap',
                transforms={{_base_.cvsa_swap_views}},
                num_views=[1, 1],
                scale={{_base_.shapes_size}}),
            dict(type='PackLocInputs'),
        ],
        dataset=dict(
            data_root={{_base_.shapes_data_root}},
            pipeline=[
                dict(type='LoadImageFromFile'),
                dict(
                    type='LoadSaliencyMap',
                    map_root={{_base_.shapes_saliency.fine_grained}},
                    img_root={{_base_.shapes_data_root}}),
            ])))

train_cfg = dict(max_epochs={{_base_.budget_epochs}})
param_scheduler = {{_base_.budget_warmup_cosine}}
default_hooks = dict(checkpoint=dict(interval={{_base_.budget_epochs}}))
custom_hooks = [
    dict(type='CheckInvalidLossHook', interval=1),
    dict(type='ChannelsLastHook'),
    dict(type='PriorFallbackHook', interval=50),
    {{_base_.shapes_knn_monitor}},
]

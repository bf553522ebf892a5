# CVSA on Stanford Cars' training images with Saliency Swap views, second
# stage only (random init); otherwise cvsa_byol_resnet50_8xb32-200e_cub.py.
_base_ = [
    '../_base_/models/cvsa_byol_resnet50.py',
    '../_base_/datasets/stanford-cars_bs32_cvsa.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/default_runtime.py',
]

optim_wrapper = dict(optimizer=dict(lr=0.3))
auto_scale_lr = dict(base_batch_size=256)
default_hooks = dict(checkpoint=dict(interval=10))

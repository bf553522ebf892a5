# MoCo v2 (Chen et al. 2020), as mmpretrain's config: the baseline CAST is
# added to. 8 GPUs x 32 images, SGD lr 0.03, cosine, 200 epochs.
_base_ = [
    '../_base_/models/mocov2_resnet50.py',
    '../_base_/datasets/imagenet_bs32_mocov2.py',
    '../_base_/schedules/sgd_coslr_200e.py',
    '../_base_/default_runtime.py',
]

auto_scale_lr = dict(base_batch_size=256)

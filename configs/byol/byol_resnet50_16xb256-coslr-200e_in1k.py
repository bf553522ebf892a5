# BYOL (Grill et al. 2020), as mmpretrain's config: the baseline of DetConB
# and CVSA. 16 GPUs x 256 images, LARS lr 4.8, cosine, 200 epochs.
_base_ = [
    '../_base_/models/byol_resnet50.py',
    '../_base_/datasets/imagenet_bs32_byol.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=256)
auto_scale_lr = dict(base_batch_size=4096)

# The fine-tuning recipe (./resnet50_finetune_sgd-coslr-100e.py) made tiny
# for the synthetic fine-grained layouts (the recipe shared by
# cub/resnet18_1xb16-coslr-20e_synthetic-cub.py and
# stanford_cars/resnet18_1xb16-coslr-20e_synthetic-cars.py; the 64 px
# dataset base comes from those configs): ResNet-18, 10 classes, one process
# x 16 images, 20 epochs (1 warm-up epoch + cosine), the lr scaled linearly
# to the batch (0.04 x 16 / 256). Minutes on 2 CPU cores.
_base_ = ['./resnet50_finetune_sgd-coslr-100e.py']

model = dict(
    backbone=dict(depth=18), head=dict(num_classes=10, in_channels=512))

optim_wrapper = dict(optimizer=dict(lr=0.04 * 16 / 256))
# the base's warm-up and cosine, over 1 + 19 epochs
param_scheduler = [
    dict(_base_.param_scheduler[0], end=1),
    dict(_base_.param_scheduler[1], T_max=19, begin=1, end=20),
]
train_cfg = dict(max_epochs=20)
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(
    logger=dict(interval=5), checkpoint=dict(interval=5, max_keep_ckpts=2))
randomness = dict(seed=0)

# The linear probe (./resnet50_linear_sgd-coslr-100e.py) made tiny for the
# synthetic layouts (the recipe shared by the ``resnet18_*-linear-*`` configs
# next to this folder; the dataset base comes from those configs): ResNet-18
# frozen (frozen_stages=4, norm_eval=True), 10 classes, one process x 16
# images, cosine over 20 epochs, the lr scaled linearly to the batch
# (0.3 x 16 / 256). Minutes on 2 CPU cores.
_base_ = ['./resnet50_linear_sgd-coslr-100e.py']

model = dict(
    backbone=dict(depth=18), head=dict(num_classes=10, in_channels=512))

optim_wrapper = dict(optimizer=dict(lr=0.3 * 16 / 256))
# the base's cosine, over 20 epochs
param_scheduler = [dict(_base_.param_scheduler[0], T_max=20, end=20)]
train_cfg = dict(max_epochs=20)
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(
    logger=dict(interval=5), checkpoint=dict(interval=5, max_keep_ckpts=2))
randomness = dict(seed=0)

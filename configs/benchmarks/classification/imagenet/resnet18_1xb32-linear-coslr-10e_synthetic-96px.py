# The ImageNet linear probe (./resnet50_8xb32-linear-coslr-100e_in1k.py, the
# recipe of ../_base_/resnet50_linear_sgd-coslr-100e.py; its tiny version
# ../_base_/resnet18_linear_sgd-coslr-20e_synthetic.py) made tiny for the
# synthetic ImageNet layout, to give a classifier for the synthetic
# Backgrounds Challenge: ResNet-18 frozen (frozen_stages=4, norm_eval=True),
# global average pooling + a linear classifier over the 10 classes, 96 px,
# one process x 32 images, cosine over 10 epochs, the lr scaled linearly to
# the batch (0.3 x 32 / 256). Trained on data/synthetic/imagenet/ train
# (random resized crop to 96 + horizontal flip), validated on its val split;
# the test set is the synthetic Backgrounds Challenge
# (configs/_base_/datasets/synthetic-96px_bg-challenge.py). Minutes on 2 CPU
# cores.
#
#     python tools/data/make_synthetic.py --formats imagenet bgc --size 96
#     python tools/train.py $CFG \
#         --trust-checkpoint $PRETRAINED \
#         --cfg-options model.backbone.init_cfg.checkpoint=$PRETRAINED
#     python tools/test.py $CFG work_dirs/$NAME/epoch_10.pth
#     python tools/analysis/backgrounds_challenge.py $CFG \
#         work_dirs/$NAME/epoch_10.pth --data data/synthetic/bg_challenge \
#         --figure bgc.png
#
# with CFG this file, NAME its name without .py and PRETRAINED a pretraining
# run's checkpoint, e.g. the tiny MoCo v2's work_dirs/mocov2_resnet18_1xb32-
# coslr-20e_synthetic-96px/epoch_20.pth.
_base_ = [
    '../../../_base_/datasets/synthetic-96px_bg-challenge.py',
    '../_base_/resnet18_linear_sgd-coslr-20e_synthetic.py',
]

# The synthetic ImageNet's train / val loaders come with the test set's
# base; training adds the augmentation.
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomResizedCrop', scale=96),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
train_dataloader = dict(
    batch_size=32,
    sampler=dict(shuffle=True),
    dataset=dict(pipeline=train_pipeline))
val_evaluator = dict(type='Accuracy', topk=(1, 5))

# the tiny probe at 32 images, over 10 epochs, logging every 10 iterations
optim_wrapper = dict(optimizer=dict(lr=0.3 * 32 / 256))
param_scheduler = [dict(_base_.param_scheduler[0], T_max=10, end=10)]
train_cfg = dict(max_epochs=10)
auto_scale_lr = dict(base_batch_size=32)
default_hooks = dict(logger=dict(interval=10))

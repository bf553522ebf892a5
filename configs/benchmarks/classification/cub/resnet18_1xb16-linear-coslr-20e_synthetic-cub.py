# The CUB-200-2011 linear probe (../_base_/resnet50_linear_sgd-coslr-100e.py,
# as in resnet50_8xb32-linear-coslr-100e_cub.py) made tiny for the synthetic
# CUB layout: ResNet-18 frozen (frozen_stages=4, norm_eval=True), 64 px, 10
# classes, one process x 16 images, cosine over 20 epochs, the lr scaled
# linearly to the batch (0.3 x 16 / 256); the tiny recipe is
# ../_base_/resnet18_linear_sgd-coslr-20e_synthetic.py. Minutes on 2 CPU
# cores.
#
#     python tools/data/make_synthetic.py --formats cub --size 64
#     python tools/train.py $CFG \
#         --trust-checkpoint $PRETRAINED \
#         --cfg-options model.backbone.init_cfg.checkpoint=$PRETRAINED
#
# with CFG this file and PRETRAINED a pretraining run's checkpoint, e.g.
# the tiny MoCo v2's work_dirs/mocov2_resnet18_1xb32-coslr-20e_synthetic-
# 96px/epoch_20.pth.
_base_ = [
    '../../../_base_/datasets/synthetic-cub_bs16_64.py',
    '../_base_/resnet18_linear_sgd-coslr-20e_synthetic.py',
]

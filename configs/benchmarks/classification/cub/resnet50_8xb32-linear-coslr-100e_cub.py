# Linear probe of a self-supervised ResNet-50 on CUB-200-2011 (200 classes)
# at 224 px: the backbone frozen (frozen_stages=4, norm_eval=True), a linear
# classifier trained with SGD momentum 0.9, lr 0.3, weight decay 1e-6,
# cosine, 100 epochs, 8 GPUs x 32 images. The recipe and its source
# (mmpretrain's ResNet-50 SSL linear schedule; MoCo-style features want lr
# 30) are in ../_base_/resnet50_linear_sgd-coslr-100e.py, the data in
# configs/_base_/datasets/cub_bs32_224.py.
#
#     bash tools/dist_train.sh $CFG 8 \
#         --trust-checkpoint $PRETRAINED \
#         --cfg-options model.backbone.init_cfg.checkpoint=$PRETRAINED
#
# with CFG this file and PRETRAINED a pretraining run's checkpoint (e.g.
# work_dirs/mocov2_resnet50_8xb32-coslr-200e_in1k/epoch_200.pth).
_base_ = [
    '../../../_base_/datasets/cub_bs32_224.py',
    '../_base_/resnet50_linear_sgd-coslr-100e.py',
]

model = dict(head=dict(num_classes=200))

# Linear probing of a self-supervised ResNet-50 on a fine-grained set (the
# recipe shared by the ``*-linear-*`` configs next to this folder; the
# dataset base and ``model.head.num_classes`` come from those configs).
#
# Recipe: the fine-tuning recipe (./resnet50_finetune_sgd-coslr-100e.py: the
# model, the 224 px data, the pretrained ``backbone.`` weights) with the
# whole backbone frozen -- ``frozen_stages=4`` (stem and all four stages
# without gradients) and ``norm_eval=True`` (BatchNorm statistics fixed) --
# so only the linear classifier on the pooled 2048-d features is trained:
# SGD momentum 0.9, lr 0.3 for 8 GPUs x 32 images, weight decay 1e-6, cosine
# decay over 100 epochs, no warm-up.
#
# Source: mmpretrain's schedule for its ResNet-50 self-supervised linear
# benchmark at 8 x 32 (configs/_base_/schedules/imagenet_sgd_coslr_100e.py,
# used by barlowtwins/benchmarks/resnet50_8xb32-linear-coslr-100e_in1k.py),
# unchanged. The right lr depends on the scale of the pretrained features:
# MoCo-style backbones want a much larger one (mmpretrain's and CAST's MoCo
# v2 linear evaluation uses lr 30, wd 0), e.g.
#     --cfg-options optim_wrapper.optimizer.lr=30. \
#         optim_wrapper.optimizer.weight_decay=0.
_base_ = ['./resnet50_finetune_sgd-coslr-100e.py']

model = dict(backbone=dict(frozen_stages=4, norm_eval=True))

optim_wrapper = dict(
    optimizer=dict(
        _delete_=True, type='SGD', lr=0.3, momentum=0.9, weight_decay=1e-6))

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=100, by_epoch=True, begin=0, end=100)
]

# Fine-tune a self-supervised ResNet-50 on Stanford Cars (196 classes) at
# 224 px: SGD Nesterov momentum 0.9, lr 0.04, weight decay 5e-4, 5 warm-up
# epochs + cosine, 100 epochs, 8 GPUs x 32 images; top-1 / top-5 on the test
# split. The recipe and its source (mmpretrain's cub_bs64 schedule scaled to
# batch 256; the CVSA paper's own fine-tuning recipe is unknown) are in
# ../_base_/resnet50_finetune_sgd-coslr-100e.py, the data in
# configs/_base_/datasets/stanford-cars_bs32_224.py.
#
#     bash tools/dist_train.sh $CFG 8 \
#         --trust-checkpoint $PRETRAINED \
#         --cfg-options model.backbone.init_cfg.checkpoint=$PRETRAINED
#
# with CFG this file and PRETRAINED a pretraining run's checkpoint (e.g.
# work_dirs/mocov2_resnet50_8xb32-coslr-200e_in1k/epoch_200.pth).
_base_ = [
    '../../../_base_/datasets/stanford-cars_bs32_224.py',
    '../_base_/resnet50_finetune_sgd-coslr-100e.py',
]

model = dict(head=dict(num_classes=196))

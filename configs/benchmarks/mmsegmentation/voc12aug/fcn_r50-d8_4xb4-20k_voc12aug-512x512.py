# PASCAL VOC 2012 (+ SBD "aug") semantic segmentation transfer of a
# self-supervised ResNet-50: FCN with a dilated ResNet-50 (output stride 8),
# 512 x 512 crops, 20k iterations (SGD lr 0.01, poly decay, 4 GPUs x 4
# images); mIoU on VOC2012 val.
#
# Source: mmseg's fcn/fcn_r50-d8_4xb4-20k_voc12aug-512x512.py as mmselfsup
# benchmarks it. The one override is the backbone: mmseg's recipe uses
# ``ResNetV1c`` (a deep 3-conv stem) initialised from
# open-mmlab://resnet50_v1c; a pretraining checkpoint holds the plain
# ResNet-50 of mmpretrain (one 7x7 stem conv), which ResNetV1c's stem would
# not match, so the backbone is the plain mmseg ``ResNet``, initialised from
# the ``backbone.`` keys of the checkpoint (``model.pretrained=None``: the
# segmentor's ``pretrained`` and the backbone's ``init_cfg`` exclude each
# other). The recipe's D8 settings stay (dilations (1, 1, 2, 4), strides
# (1, 2, 1, 1), contract_dilation=True), as do SyncBN and norm_eval=False,
# which fine-tuning an SSL backbone needs anyway.
#
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT \
#         --launcher pytorch   # under torchrun / slurm, 4 GPUs
#
# run_transfer.py sets the checkpoint below (``pretrained``), checks that
# it covers the backbone exactly and reports the final mIoU.
_base_ = 'mmseg::fcn/fcn_r50-d8_4xb4-20k_voc12aug-512x512.py'

# Placeholder: the run fails with "... can not be found" until it is set.
pretrained = 'SET/ME/pretraining_checkpoint.pth'

model = dict(
    pretrained=None,
    backbone=dict(
        type='ResNet',
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.')))

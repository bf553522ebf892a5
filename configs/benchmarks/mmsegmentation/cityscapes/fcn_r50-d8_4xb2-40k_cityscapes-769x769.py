# Cityscapes semantic segmentation transfer of a self-supervised ResNet-50:
# FCN with a dilated ResNet-50 (output stride 8), 769 x 769 crops,
# align_corners=True, 40k iterations (SGD lr 0.01, poly decay, 4 GPUs x 2
# images), sliding-window test (769 window, stride 513); mIoU on val.
#
# Source: mmseg's fcn/fcn_r50-d8_4xb2-40k_cityscapes-769x769.py as mmselfsup
# benchmarks it, with the backbone override of
# ../voc12aug/fcn_r50-d8_4xb4-20k_voc12aug-512x512.py (plain ``ResNet``
# instead of ``ResNetV1c``, whose deep stem a ResNet-50 pretraining
# checkpoint does not have; init from the checkpoint's ``backbone.`` keys;
# the D8 dilations, SyncBN and norm_eval=False of the recipe kept).
#
# Its tiny variant, fcn_r18-d8_1xb8-200i_synthetic-cityscapes-96x96.py,
# runs the same dataset class, pipeline and metric on the synthetic
# Cityscapes layout (tools/data/make_synthetic.py --formats cityscapes).
#
#     python tools/benchmarks/run_transfer.py $CFG $CHECKPOINT \
#         --launcher pytorch   # under torchrun / slurm, 4 GPUs
_base_ = 'mmseg::fcn/fcn_r50-d8_4xb2-40k_cityscapes-769x769.py'

# Placeholder: the run fails with "... can not be found" until it is set.
pretrained = 'SET/ME/pretraining_checkpoint.pth'

model = dict(
    pretrained=None,
    backbone=dict(
        type='ResNet',
        init_cfg=dict(
            type='Pretrained', checkpoint=pretrained, prefix='backbone.')))

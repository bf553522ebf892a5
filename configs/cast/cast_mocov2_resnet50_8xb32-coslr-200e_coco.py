# MoCo v2 + CAST (Selvaraju et al. 2021), the released run (METHODS §1.3):
# ResNet-50 on COCO train2017 images with DeepUSPS saliency maps, 224 px,
# 8 GPUs x 32 images (batch 256), 200 epochs, alpha 3 / beta 1.
#
# Same model as configs/mocov2/mocov2_resnet50_8xb32-coslr-200e_in1k.py
# (mmpretrain's MoCo v2); what differs from mmpretrain's MoCo v2 defaults:
# - data: COCO train2017 + saliency maps with CAST's saliency-constrained
#   views (crop keeping >= 20 % of the salient pixels, colour jitter
#   (0.4, 0.4, 0.4, hue 0.4) p=0.5, grey p=0.2, flip, no blur) instead of
#   ImageNet with MoCo v2's views; LocDataPreprocessor carries the maps.
# - SGD lr 0.03 -> 0.5 (cosine): the released command's `--lr 0.5 --cos`
#   (_base_/schedules/cast_sgd_coslr_200e.py, which says how to run the
#   reference script's default steps instead).
# - head temperature 0.2 -> 0.07: the reference's `--moco-t 0.07`.
# - queue 65536, feature dim 128, key momentum 0.999 (MoCo(momentum=0.001)):
#   unchanged (_base_/models/mocov2_resnet50.py), as the reference sets them.
# - gradient-norm clip None -> 2: the reference clips the gradient norm at 2
#   (the double backward through Grad-CAM can spike it).
# - CASTHook(alpha=3, beta=1) (_base_/cast_runtime.py): 0.25 x contrastive +
#   0.75 x CAST loss, logged as loss_contrastive / loss_cast; Grad-CAM on
#   layer4.
_base_ = [
    '../_base_/models/mocov2_resnet50.py',
    '../_base_/datasets/coco-unlabeled_bs32_cast.py',
    '../_base_/schedules/cast_sgd_coslr_200e.py',
    '../_base_/cast_runtime.py',
]

model = dict(
    data_preprocessor=_base_.data_preprocessor, head=dict(temperature=0.07))
auto_scale_lr = dict(base_batch_size=256)

# BYOL + CAST on ImageNet: configs/byol/byol_resnet50_16xb256-coslr-200e_
# in1k.py (mmpretrain's BYOL: 16 GPUs x 256 images, LARS lr 4.8, cosine,
# 200 epochs) with CAST added (METHODS §1.4, [design]: CAST on any
# contrastive method). What differs from that config:
# - data: ImageNet + saliency maps (data/imagenet/saliency/train/...) with
#   CAST's symmetric saliency-constrained views at 224 px (colour jitter
#   (0.4, 0.4, 0.4, hue 0.4) p=0.5, grey p=0.2, flip, no blur, no
#   solarisation) instead of BYOL's asymmetric views; LocDataPreprocessor
#   carries the maps.
# - CASTHook(alpha=3, beta=1): 0.25 x BYOL loss + 0.75 x CAST loss, the
#   released MoCo run's weights (not tuned for BYOL). The score is the
#   similarity of the online prediction with the saliency-masked view's
#   target projection (EMA, stop-gradient); Grad-CAM on layer4.
# Optimiser, schedule and model are BYOL's, unchanged.
_base_ = [
    '../_base_/models/byol_resnet50.py',
    '../_base_/datasets/imagenet_bs32_cast.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/cast_runtime.py',
]

train_dataloader = dict(batch_size=256)
model = dict(data_preprocessor=_base_.data_preprocessor)
auto_scale_lr = dict(base_batch_size=4096)

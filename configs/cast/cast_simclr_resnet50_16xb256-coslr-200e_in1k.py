# SimCLR + CAST on ImageNet: configs/simclr/simclr_resnet50_16xb256-coslr-
# 200e_in1k.py (mmpretrain's SimCLR: 16 GPUs x 256 images, LARS lr 4.8,
# cosine, 200 epochs) with CAST added (METHODS §1.4, [design]: CAST on any
# contrastive method). What differs from that config:
# - data: ImageNet + saliency maps (data/imagenet/saliency/train/...) with
#   CAST's saliency-constrained views at 224 px (colour jitter (0.4, 0.4,
#   0.4, hue 0.4) p=0.5, grey p=0.2, flip, no blur) instead of SimCLR's
#   views; LocDataPreprocessor carries the maps.
# - CASTHook(alpha=3, beta=1): 0.25 x contrastive + 0.75 x CAST loss, the
#   released MoCo run's weights (not tuned for SimCLR). The score is the
#   similarity of a view's embedding with the other view's saliency-masked
#   embedding (stop-gradient); Grad-CAM on layer4.
# Optimiser, schedule and model are SimCLR's, unchanged.
_base_ = [
    '../_base_/models/simclr_resnet50.py',
    '../_base_/datasets/imagenet_bs32_cast.py',
    '../_base_/schedules/lars_coslr_200e.py',
    '../_base_/cast_runtime.py',
]

train_dataloader = dict(batch_size=256)
model = dict(data_preprocessor=_base_.data_preprocessor)
default_hooks = dict(checkpoint=dict(interval=10))
auto_scale_lr = dict(base_batch_size=4096)

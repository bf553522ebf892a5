# Tiny BYOL + CAST on the embedded synthetic data: ResNet-18, 96 px, one
# process, its saliency maps (`make data`: saliency/fine_grained/...).
# The baseline config (model, optimiser, schedule) plus CAST only: the
# saliency-constrained views (synthetic-96px_cast.py), the maps carried by
# LocDataPreprocessor, and CASTHook(alpha=3, beta=1). The released run's
# lr 0.5 / T 0.07 / clip 2 (cast_mocov2_resnet50_*_coco.py) are not used, so
# that the tiny baseline and the tiny CAST differ only by CAST.
_base_ = [
    '../byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    '../_base_/datasets/synthetic-96px_cast.py',
]

train_dataloader = dict(dataset=dict(pipeline=_base_.cast_train_pipeline))
# merged into the baseline's SelfSupDataPreprocessor (mean / std kept), which
# the runner gives the model
data_preprocessor = dict(type='LocDataPreprocessor', require=['saliency'])

# The baseline's runtime hooks plus CAST's (as _base_/cast_runtime.py).
custom_hooks = _base_.custom_hooks + [
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4')
]

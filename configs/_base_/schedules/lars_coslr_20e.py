# LARS for the short runs on the procedural data: lr 4.8 at batch 4096,
# scaled linearly to 32 and raised for a short run; 2 warm-up epochs, then a
# cosine over the remaining 18.
_base_ = ['./lars_coslr_200e.py']
from mmloc.utils.pipeline_config import update_transforms

optim_wrapper = dict(optimizer=dict(lr=0.3))
# The base's warm-up and cosine, shortened (update_transforms updates any
# list of typed dicts, schedulers too).
param_scheduler = update_transforms(
    _base_.param_scheduler,
    LinearLR=dict(end=2),
    CosineAnnealingLR=dict(T_max=18, begin=2, end=20))
train_cfg = dict(max_epochs=20)

# DetCon's optimisation (METHODS §2.3): LARS, lr 0.2 x batch / 256 (3.2 at
# the reference's batch 4096), weight decay 1.5e-6, biases and norms excluded
# from weight decay and from LARS adaptation; 10 epochs of linear warm-up,
# then cosine to 0, 1000 epochs.
_base_ = ['./lars_coslr_200e.py']
from mmloc.utils.pipeline_config import update_transforms

optim_wrapper = dict(optimizer=dict(lr=3.2, weight_decay=1.5e-6))

# BYOL's warm-up (10 epochs); the cosine over the remaining 990, per iteration
param_scheduler = update_transforms(
    _base_.param_scheduler,
    CosineAnnealingLR=dict(T_max=990, end=1000, convert_to_iter_based=True))

train_cfg = dict(max_epochs=1000)
# lr above is for 4096 images per iteration; --auto-scale-lr rescales it
auto_scale_lr = dict(base_batch_size=4096)

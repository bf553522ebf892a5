# DetCon's optimisation (detcon_lars_coslr_1000e.py) over 300 epochs, the
# paper's shorter ImageNet schedule.
_base_ = ['./detcon_lars_coslr_1000e.py']
from mmloc.utils.pipeline_config import update_transforms

param_scheduler = update_transforms(
    _base_.param_scheduler, CosineAnnealingLR=dict(T_max=290, end=300))

train_cfg = dict(max_epochs=300)

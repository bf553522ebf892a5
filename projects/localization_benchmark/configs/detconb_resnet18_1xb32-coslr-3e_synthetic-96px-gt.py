# DetConB with ground-truth object masks: one arm of the localization benchmark
# (../README.md), the tiny config
# configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px-gt.py
# on the budget every arm shares (./_base_/budget_3e.py).
_base_ = [
    '../../../configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px-gt.py',
    './_base_/budget_3e.py',
]

train_cfg = dict(max_epochs={{_base_.budget_epochs}})
param_scheduler = {{_base_.budget_warmup_cosine}}
default_hooks = dict(checkpoint=dict(interval={{_base_.budget_epochs}}))

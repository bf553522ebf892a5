# The default runtime plus CASTHook(alpha=3, beta=1): 0.25 x the method's
# loss + 0.75 x the CAST loss, logged as loss_contrastive / loss_cast, with
# Grad-CAM on layer4 (METHODS §1.2-1.4). The runtime's hooks are kept.
_base_ = ['./default_runtime.py']

custom_hooks = _base_.custom_hooks + [
    dict(type='CASTHook', alpha=3.0, beta=1.0, stage='layer4')
]

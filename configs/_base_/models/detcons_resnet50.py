# DetConS (Hénaff et al. 2021; METHODS §2): SimCLR over mask-pooled features.
# One network for both views; the projector as DetConB's (2048 -> 4096 -> 256,
# BN over all B x 16 mask vectors); no predictor, no EMA; both sides of the
# loss carry gradients, also through the gather over processes.
_base_ = ['./detconb_resnet50.py']

# DetConB's model without its EMA target (base_momentum) and predictor
model = dict(
    _delete_=True,
    type='DetConS',
    num_samples=_base_.model.num_samples,
    # SimCLR's backbone: residual branches start at zero
    backbone=dict(_base_.model.backbone, zero_init_residual=True),
    neck=_base_.model.neck,
    head=dict(
        type='DetConHead',
        loss=dict(_base_.model.head.loss, gather_with_grad=True)))

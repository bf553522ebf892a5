# CVSA (METHODS §3, mmloc's design): mmpretrain's BYOL (projector 2048 ->
# 4096 -> 256, predictor 256 -> 4096 -> 256, EMA target 0.99 -> 1 (cosine),
# byol_resnet50.py) plus CVSAHead: L = L_cont + w * L_align, both logged.
# The head's defaults (BCE on sigmoid(scale * cos + bias), learnable scale 10
# and bias -5, w = 1) and the other readings are explained in
# configs/cvsa/README.md.
_base_ = ['./byol_resnet50.py']

model = dict(
    type='CVSA',
    align_head=dict(
        type='CVSAHead',
        loss_type='bce',
        scale=10.0,
        bias=-5.0,
        learnable_scale=True,
        loss_weight=1.0))

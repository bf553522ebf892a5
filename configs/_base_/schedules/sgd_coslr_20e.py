# SGD lr 0.03, cosine over 20 epochs: the short runs on the procedural data.
_base_ = ['./sgd_coslr_200e.py']

param_scheduler = [
    dict(type='CosineAnnealingLR', T_max=20, by_epoch=True, begin=0, end=20)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20)

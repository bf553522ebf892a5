# DetCon's optimisation (detcon_lars_coslr_1000e.py) over 300 epochs, the
# paper's shorter ImageNet schedule.
_base_ = ['./detcon_lars_coslr_1000e.py']

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-4,
        by_epoch=True,
        begin=0,
        end=10,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=290,
        by_epoch=True,
        begin=10,
        end=300,
        convert_to_iter_based=True)
]

train_cfg = dict(max_epochs=300)

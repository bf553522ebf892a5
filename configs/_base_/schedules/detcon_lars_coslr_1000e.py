# DetCon's optimisation (METHODS §2.3): LARS, lr 0.2 x batch / 256 (3.2 at
# the reference's batch 4096), weight decay 1.5e-6, biases and norms excluded
# from weight decay and from LARS adaptation; 10 epochs of linear warm-up,
# then cosine to 0, 1000 epochs.
_base_ = ['./lars_coslr_200e.py']

optim_wrapper = dict(optimizer=dict(lr=3.2, weight_decay=1.5e-6))

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
        T_max=990,
        by_epoch=True,
        begin=10,
        end=1000,
        convert_to_iter_based=True)
]

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=1000)
# lr above is for 4096 images per iteration; --auto-scale-lr rescales it
auto_scale_lr = dict(base_batch_size=4096)

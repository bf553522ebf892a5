# Tiny MoCo v2 on the embedded synthetic data: ResNet-18, 96 px, one process.
# Trains in minutes on 2 CPU cores; the baseline the tiny mmloc methods are
# compared against.
_base_ = [
    '../_base_/models/mocov2_resnet50.py',
    '../_base_/datasets/synthetic-96px_bs32_mocov2.py',
    '../_base_/schedules/sgd_coslr_20e.py',
    '../_base_/synthetic_runtime.py',
]

model = dict(
    # About one epoch of the default synthetic train split.
    queue_len=1024,
    # A short run needs a faster key encoder than 0.999.
    momentum=0.01,
    backbone=dict(depth=18),
    neck=dict(in_channels=512, hid_channels=512))

# DetConB on COCO train2017 with 4 x 4 grid masks (no segmentation at all). 16
# GPUs x 256 images per GPU = 4096 images per iteration, no gradient
# accumulation; LARS lr 3.2 (0.2 x 4096 / 256), weight decay 1.5e-6, biases and
# norms excluded; 10 warm-up epochs then cosine; BYOL's views (METHODS §2.3).
# With another number of GPUs pass --auto-scale-lr. COCO (118k images) for 1000
# epochs is ~29k iterations at batch 4096: mmloc's choice, about a third of the
# 300-epoch ImageNet run's iterations.
_base_ = [
    '../_base_/models/detconb_resnet50.py',
    '../_base_/datasets/coco_bs32_detcon-grid.py',
    '../_base_/schedules/detcon_lars_coslr_1000e.py',
    '../_base_/default_runtime.py',
]

train_dataloader = dict(batch_size=256)
default_hooks = dict(checkpoint=dict(interval=10))

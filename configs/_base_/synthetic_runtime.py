# The runtime of the short runs on the procedural data: log every 10
# iterations, keep the last two of the 5-epoch checkpoints, and a fixed seed
# so that two arms of a comparison see the same crops.
_base_ = ['./default_runtime.py']

default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=5, max_keep_ckpts=2))
randomness = dict(seed=0)

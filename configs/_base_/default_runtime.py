# mmloc components first, then mmpretrain's (its registries are the parents).
default_scope = 'mmloc'

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # Atomic writes (temporary file + rename): a run killed while saving never
    # leaves a truncated checkpoint behind.
    checkpoint=dict(
        type='CheckpointHook',
        interval=1,
        max_keep_ckpts=3,
        backend_args=dict(backend='atomic_local')),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='VisualizationHook', enable=False),
)

custom_hooks = [
    # Stop at the first NaN / inf, naming the iteration and the loss term.
    dict(type='CheckInvalidLossHook', interval=1),
    # Log how often prior transforms fell back (missing maps, empty saliency).
    dict(type='PriorFallbackHook', interval=50),
]

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # tools/train.py switches to gloo when a distributed run has no GPU.
    dist_cfg=dict(backend='nccl'),
)

vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(type='UniversalVisualizer', vis_backends=vis_backends)

log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)

# Copyright (c) mmloc contributors. All rights reserved.
"""Shorten (or lengthen) an arm's pretraining budget, keeping its
schedule's shape: what ``localization_effect.py --epochs`` (and so
``make demo``) uses to run the benchmark's arms on fewer epochs."""
import copy

from mmengine.config import Config


def retime(cfg: Config, epochs: int) -> Config:
    """``cfg`` trained for ``epochs`` epochs instead of its own.

    Each epoch-based scheduler that ended with the training now ends at
    ``epochs`` (a cosine's ``T_max`` follows: ``end - begin``); a warm-up
    that ends earlier keeps its length (so 1 warm-up epoch stays 1). The
    checkpoint is written at the new last epoch, and a kNN monitor
    evaluates at least there.

    Args:
        cfg (Config): A pretraining config with an epoch-based loop.
        epochs (int): The new number of epochs, > every warm-up's end.

    Returns:
        Config: A modified copy.
    """
    cfg = copy.deepcopy(cfg)
    old = cfg.train_cfg.max_epochs
    if epochs < 1:
        raise ValueError(f'epochs must be >= 1, got {epochs}')
    schedulers = []
    for s in cfg.param_scheduler:
        s = dict(s)
        if s.get('end') == old:
            s['end'] = epochs
            if 'T_max' in s:
                s['T_max'] = epochs - s.get('begin', 0)
        if s.get('begin', 0) >= s['end']:
            raise ValueError(f'{epochs} epochs leave no room for the '
                             f'scheduler {s["type"]} starting at epoch '
                             f'{s.get("begin", 0)}')
        schedulers.append(s)
    cfg.param_scheduler = schedulers
    cfg.train_cfg.max_epochs = epochs
    cfg.default_hooks.checkpoint.interval = epochs
    for hook in cfg.get('custom_hooks', []):
        if hook.get('type') == 'KNNMonitorHook':
            hook['interval'] = min(hook.get('interval', 1), epochs)
    return cfg

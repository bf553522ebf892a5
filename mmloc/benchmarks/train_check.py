# Copyright (c) mmloc contributors. All rights reserved.
"""Does a config's real data pipeline keep a training step fed?

:func:`redirect_data` points a config's loaders at another copy of the data
(e.g. a procedural set in the same layout) and makes its training run
``iters`` iterations; :func:`iteration_times` reads back, from mmengine's
``vis_data/scalars.json``, how long the iterations took and how much of
that the loop waited for data (``data_time``).
"""
import json
import statistics
from typing import Any, Dict, List

from mmengine.config import Config

from mmloc.utils.pipeline_config import innermost_dataset


def _replace(node: Any, old: str, new: str) -> Any:
    if isinstance(node, dict):
        return {k: _replace(v, old, new) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return type(node)(_replace(v, old, new) for v in node)
    if isinstance(node, str) and node.startswith(old):
        return new + node[len(old):]
    return node


def redirect_data(cfg: Config,
                  new_root: str,
                  iters: int,
                  batch_size: int = None) -> Config:
    """``cfg`` training ``iters`` iterations (an ``InfiniteSampler`` and
    ``IterBasedTrainLoop``, no validation or checkpoints) on the data under
    ``new_root``, at the config's lr (no schedule): every string in
    ``train_dataloader`` that starts with the dataset's ``data_root`` (the image root, prior roots such as
    ``LoadSaliencyMap.map_root``) now starts with ``new_root``.

    Raises:
        KeyError: the config's train dataset has no ``data_root``.
    """
    loader = cfg.train_dataloader.to_dict()
    dataset = innermost_dataset(loader['dataset'])
    if 'data_root' not in dataset:
        raise KeyError('train_dataloader.dataset has no data_root')
    old_root = dataset['data_root']
    loader = _replace(loader, old_root, new_root.rstrip('/') + '/')
    loader['sampler'] = dict(type='InfiniteSampler', shuffle=True)
    if batch_size:
        loader['batch_size'] = batch_size
    cfg.train_dataloader = loader
    cfg.train_cfg = dict(type='IterBasedTrainLoop', max_iters=iters)
    for key in ('val_dataloader', 'val_evaluator', 'val_cfg',
                'test_dataloader', 'test_evaluator', 'test_cfg'):
        cfg.pop(key, None)
    # a constant lr: a step costs the same whatever its lr, and epoch-based
    # schedules have no epochs to follow here
    cfg.param_scheduler = []
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', by_epoch=False, interval=iters + 1)
    cfg.default_hooks.logger = dict(type='LoggerHook', interval=1)
    # log "Iter(train) [i/iters]", not epochs of the finite sampler
    cfg.log_processor = dict(cfg.get('log_processor') or {}, by_epoch=False)
    return cfg


def iteration_times(scalars_json: str, skip: int = 10) -> Dict[str, float]:
    """Medians over the logged iterations after the first ``skip``:
    ``time`` (s/iter, data loading included), ``data_time`` (the loop
    waiting for the next batch) and ``data_share`` = their ratio.

    Raises:
        ValueError: fewer logged iterations than ``skip + 1``.
    """
    rows: List[dict] = []
    with open(scalars_json) as f:
        for line in f:
            row = json.loads(line)
            if 'time' in row and 'data_time' in row:
                rows.append(row)
    if len(rows) <= skip:
        raise ValueError(f'{scalars_json}: {len(rows)} logged iterations, '
                         f'need more than {skip}')
    rows = rows[skip:]
    step = statistics.median(r['time'] for r in rows)
    data = statistics.median(r['data_time'] for r in rows)
    return dict(
        iterations=len(rows),
        time=step,
        data_time=data,
        data_share=data / step)

# Copyright (c) mmloc contributors. All rights reserved.
"""The experiment's fine-tuned read-outs: short FCN / Mask R-CNN transfers."""
import json
import os.path as osp
from typing import Sequence

from mmloc.utils.repo_tools import run_repo_tool


def transfer(config: str,
             backbone_ckpt: str,
             seed: int,
             iters: int,
             run_dir: str,
             tag: str,
             metric_suffix: str,
             options: Sequence[str] = (),
             echo: bool = False) -> float:
    """Fine-tune ``config`` from the backbone for ``iters`` iterations and
    return its final validation metric.

    Runs ``tools/benchmarks/run_transfer.py`` (then mmdet's / mmseg's
    training entry) into ``run_dir/{tag}_{iters}i``; the metrics it writes to
    ``run_dir/{tag}_{iters}i.json`` are reused on a rerun.

    Args:
        config (str): The transfer config (mmseg or mmdet).
        backbone_ckpt (str): Extracted backbone (``backbone.*`` keys).
        seed (int): ``randomness.seed`` of the fine-tuning.
        iters (int): Training iterations; validation runs once, at the end.
        run_dir (str): The pretraining run's folder.
        tag (str): Short name of the transfer, e.g. ``'fcn'``.
        metric_suffix (str): The metric is the one whose name ends with it
            (``'mIoU'``, ``'bbox_mAP'``).
        options (Sequence[str]): More ``--cfg-options``.
        echo (bool): Stream the tool's output here too.

    Returns:
        float: The metric as the downstream library reports it (mmseg's
        mIoU in %, mmdet's AP as a fraction).
    """
    out = osp.join(run_dir, f'{tag}_{iters}i.json')
    if not osp.exists(out):
        run_repo_tool([
            'tools/benchmarks/run_transfer.py', config, backbone_ckpt,
            '--work-dir',
            osp.join(run_dir,
                     f'{tag}_{iters}i'), '--out', out, '--cfg-options',
            f'train_cfg.max_iters={iters}', f'train_cfg.val_interval={iters}',
            f'randomness.seed={seed}', *options
        ], osp.join(run_dir, f'{tag}.log'), echo)
    with open(out) as f:
        metrics = json.load(f)['metrics']
    found = [v for k, v in metrics.items() if k.endswith(metric_suffix)]
    if not found:
        raise RuntimeError(f'{out}: no {metric_suffix} among '
                           f'{sorted(metrics)}')
    return float(found[0])

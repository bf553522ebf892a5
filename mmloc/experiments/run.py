# Copyright (c) mmloc contributors. All rights reserved.
"""One (arm, seed) run of the experiment: pretrain, then every read-out."""
import json
import os
import os.path as osp
import time
from typing import Optional

from rich.console import Console

from mmloc.utils import atomic_write
from mmloc.utils.machine import machine_line
from .benchmarks import Benchmark
from .pretraining import arm_epochs, pretrain
from .readouts import grounding, probe_and_bg_challenge
from .transfers import transfer

console = Console()


def run_one(bench: Benchmark,
            arm: str,
            seed: int,
            work_dir: str,
            epochs: Optional[int] = None,
            fcn_iters: int = 0,
            det_iters: int = 0,
            echo: bool = False) -> dict:
    """Pretrain and read out one (arm, seed) in ``work_dir/arm/seed{seed}``,
    reusing finished parts.

    ``results.json`` is rewritten (atomically) after each part, so an
    interrupted run keeps what it measured; a transfer asked for later is
    added to a finished run without training it again.

    Args:
        bench (Benchmark): The benchmark.
        arm (str): One of ``bench.arms``.
        seed (int): Seed of pretraining and of the transfers.
        work_dir (str): The experiment's folder.
        epochs (int, optional): Retime pretraining (default: the budget).
        fcn_iters (int): FCN transfer iterations (0: skip).
        det_iters (int): Mask R-CNN transfer iterations (0: skip).
        echo (bool): Stream the tools' output here too.

    Returns:
        dict: The run's results (``arm``, ``seed``, ``epochs``,
        ``pretrain_s``, ``machine``, the read-outs in %).

    Raises:
        ValueError: ``results.json`` holds a run of another length.
    """
    run_dir = osp.join(work_dir, arm, f'seed{seed}')
    result_file = osp.join(run_dir, 'results.json')
    n_epochs = arm_epochs(bench, arm, epochs)
    result = dict(arm=arm, seed=seed, epochs=n_epochs)
    if osp.exists(result_file):
        with open(result_file) as f:
            result = json.load(f)
    if result['epochs'] != n_epochs:
        raise ValueError(f'{result_file}: a {result["epochs"]}-epoch run, '
                         f'but this one trains {n_epochs}; use another '
                         '--work-dir')
    os.makedirs(run_dir, exist_ok=True)
    if 'acc_original' not in result:
        t0 = time.time()
        console.log(f'[bold]{arm}[/] seed {seed}: pretraining')
        backbone = pretrain(bench, arm, seed, run_dir, epochs, echo)
        result['pretrain_s'] = round(time.time() - t0, 1)
        # the figures depend on the CPU's kernels, not only on the seed
        result['machine'] = machine_line()[len('machine: '):]
        console.log(f'{arm} seed {seed}: linear probe + kNN + Backgrounds '
                    'Challenge, Grad-CAM grounding')
        result.update(probe_and_bg_challenge(bench, backbone, run_dir))
        result.update(grounding(bench, backbone, run_dir, echo))
        atomic_write(json.dumps(result, indent=2), result_file)
    backbone = osp.join(run_dir, 'backbone.pth')
    for tag, cfg, iters, suffix, key, options in (
            # FCN's poly decay is stretched over the iterations run; the
            # detector's warm-up + steps are kept (a few iterations only).
        ('fcn', bench.fcn_cfg, fcn_iters, 'mIoU', 'fcn_miou',
         [f'param_scheduler.0.end={fcn_iters}']),
        ('det', bench.det_cfg, det_iters, 'bbox_mAP', 'det_bbox_map', [])):
        if iters > 0 and result.get(f'{tag}_iters') != iters:
            console.log(f'{arm} seed {seed}: {tag} transfer, {iters} it')
            value = transfer(cfg, backbone, seed, iters, run_dir, tag, suffix,
                             options, echo)
            # mmdet's COCO AP is a fraction, mmseg's mIoU a percentage.
            result[key] = value * 100 if tag == 'det' else value
            result[f'{tag}_iters'] = iters
            atomic_write(json.dumps(result, indent=2), result_file)
    console.log(result)
    return result

# Copyright (c) mmloc contributors. All rights reserved.
"""The experiment's figures: Backgrounds Challenge predictions (CAST
supplement, Fig. S4) and Grad-CAM panels (Fig. S2) of two arms."""
import os.path as osp
from typing import Optional, Sequence

from mmengine.config import Config

from mmloc.utils.repo_tools import run_repo_tool
from .benchmarks import Benchmark
from .pretraining import arm_epochs


def draw_figures(bench: Benchmark,
                 arms: Sequence[str],
                 seed: int,
                 work_dir: str,
                 epochs: Optional[int] = None,
                 echo: bool = False) -> Optional[Sequence[str]]:
    """Draw the figures of the first two pretrained arms of ``arms``
    (runs of ``seed``) into ``work_dir`` (``bg_challenge.png`` and
    ``gradcam/``).

    Returns:
        list[str] | None: The two arms drawn; None when ``arms`` holds fewer
        than two pretrained arms (nothing is drawn).
    """
    arms = [a for a in arms if bench.arms[a] is not None][:2]
    if len(arms) < 2:
        return None
    dirs = [osp.join(work_dir, a, f'seed{seed}') for a in arms]
    log = osp.join(work_dir, 'figures.log')
    bgc_root = Config.fromfile(bench.bgc_data).bgc_data_root
    run_repo_tool([
        'tools/analysis/backgrounds_challenge.py', bench.probe_cls_cfg,
        osp.join(dirs[0], 'probe_classifier.pth'), '--data', bgc_root,
        '--compare', bench.probe_cls_cfg,
        osp.join(dirs[1],
                 'probe_classifier.pth'), '--names', *arms, '--figure',
        osp.join(work_dir, 'bg_challenge.png'), '--out',
        osp.join(work_dir, 'bg_challenge.json')
    ], log, echo)
    run_repo_tool(
        [
            'tools/analysis/vis_gradcam.py',
            bench.gradcam_cfg,
            # the panels use the neck too: the full pretraining checkpoints
            '--checkpoints',
            *[
                osp.join(d, f'epoch_{arm_epochs(bench, a, epochs)}.pth')
                for a, d in zip(arms, dirs)
            ],
            '--names',
            *arms,
            '--out',
            osp.join(work_dir, 'gradcam'),
            '--num',
            '4'
        ],
        log,
        echo)
    return arms

# Copyright (c) mmloc contributors. All rights reserved.
"""Where do pretrained backbones look? Grad-CAM vs ground-truth masks.

For each checkpoint (or ``random``), the backbone of CONFIG explains the
norm of its own pooled embedding with Grad-CAM on ``--stage`` (see
``mmloc.evaluation.ssl_cam``); ``GradCAMGrounding`` compares the maps with
the ground-truth foreground of ``--dataset-config``'s val split: mean IoU of
the map thresholded at 0.5 and pointing-game accuracy (%)::

    python tools/analysis/eval_grounding.py \\
        configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py \\
        random work_dirs/demo/epoch_6.pth work_dirs/cast_demo/epoch_6.pth
"""
import argparse
import json
import os.path as osp
import sys

import torch
from mmengine.config import Config, DictAction
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from rich.console import Console
from rich.table import Table

import mmloc  # noqa: F401
from mmloc.evaluation import build_backbones, ssl_cam
from mmloc.models.utils import stack_priors
from mmloc.registry import METRICS, MODELS
from mmloc.utils.cli import run_cli


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config', help='config whose model.backbone is built')
    p.add_argument('checkpoints', nargs='+', help="checkpoints or 'random'")
    p.add_argument('--dataset-config',
                   default='configs/_base_/datasets/synthetic-96px_grounding.py')
    p.add_argument('--stage', default='layer4')
    p.add_argument('--thr', type=float, default=0.5)
    p.add_argument('--tolerance', type=int, default=0,
                   help='pointing-game radius in mask pixels')
    p.add_argument('--seed', type=int, default=0, help="for 'random'")
    p.add_argument('--out', help='write the rows as JSON')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='overrides of the dataset config')
    return p.parse_args()


def grounding(backbone: torch.nn.Module, preprocessor: torch.nn.Module,
              loader, metric, stage: str) -> dict:
    """Run ``metric`` over ``loader`` with the backbone's Grad-CAM maps."""
    for data in loader:
        data = preprocessor(data, False)
        cams = ssl_cam(backbone, None, data['inputs'], stage=stage)
        fg = stack_priors(data['data_samples'], 'segments')[0] > 0
        metric.process(None, [dict(cam=c, gt_fg=g) for c, g in zip(cams, fg)])
    return metric.compute_metrics(metric.results)


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    data_cfg = Config.fromfile(args.dataset_config)
    if args.cfg_options:
        data_cfg.merge_from_dict(args.cfg_options)
    DefaultScope.get_instance('mmloc-grounding', scope_name='mmloc')
    backbones = build_backbones(cfg.model.backbone, args.checkpoints,
                                seed=args.seed)
    preprocessor = MODELS.build(data_cfg.data_preprocessor)
    loader = Runner.build_dataloader(data_cfg.val_dataloader)

    rows = []
    for checkpoint, backbone in zip(args.checkpoints, backbones):
        metric = METRICS.build(dict(type='GradCAMGrounding', thr=args.thr,
                                    tolerance=args.tolerance))
        rows.append(dict(checkpoint=checkpoint,
                         **grounding(backbone, preprocessor, loader, metric,
                                     args.stage)))

    table = Table(title=f'Grad-CAM grounding of {osp.basename(args.config)}'
                  f' ({args.stage}, thr {args.thr}) vs ground-truth masks')
    for key in rows[0]:
        table.add_column(key)
    for row in rows:
        table.add_row(*[f'{v:.2f}' if isinstance(v, float) else str(v)
                        for v in row.values()])
    Console().print(table)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=2)


if __name__ == '__main__':
    sys.exit(run_cli(main))

# Copyright (c) mmloc contributors. All rights reserved.
"""Weighted kNN accuracy of a pretrained backbone.

    python tools/analysis/knn_eval.py CONFIG CHECKPOINT [CHECKPOINT ...] \
        [--dataset-config configs/_base_/datasets/synthetic-96px_knn.py] \
        [--k 20] [--temperature 0.07] [--out results.json]

CONFIG is the pretraining config (its ``model.backbone`` is built);
each CHECKPOINT is a pretraining checkpoint (its ``backbone.`` weights are
loaded strictly) or ``random`` for an untrained backbone, the floor to compare
with; one table row per checkpoint.
The dataset config gives ``train_dataloader`` (the memory bank),
``val_dataloader`` (the queries) and ``data_preprocessor``.
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
from mmloc.evaluation import (build_backbones, extract_features, knn_classify,
                              topk_accuracy)
from mmloc.registry import MODELS
from mmloc.utils.cli import run_cli


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='kNN evaluation')
    parser.add_argument('config', help='pretraining config')
    parser.add_argument(
        'checkpoints', nargs='+', help="checkpoints, or 'random'")
    parser.add_argument(
        '--dataset-config',
        default='configs/_base_/datasets/synthetic-96px_knn.py',
        help='config with train_dataloader / val_dataloader')
    parser.add_argument('--k', type=int, default=20)
    parser.add_argument('--temperature', type=float, default=0.07)
    parser.add_argument('--out', help='write the rows to this json file')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings of the dataset config')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(args.config)
    data_cfg = Config.fromfile(args.dataset_config)
    if args.cfg_options:
        data_cfg.merge_from_dict(args.cfg_options)
    DefaultScope.get_instance('mmloc-knn-eval', scope_name='mmloc')
    backbones = build_backbones(cfg.model.backbone, args.checkpoints)

    preprocessor = MODELS.build(data_cfg.data_preprocessor)
    loaders = {
        split: Runner.build_dataloader(data_cfg[f'{split}_dataloader'])
        for split in ('train', 'val')
    }
    num_classes = len(loaders['val'].dataset.metainfo['classes'])

    rows = []
    for checkpoint, backbone in zip(args.checkpoints, backbones):
        feats = {
            split: extract_features(backbone, preprocessor, loader, split)
            for split, loader in loaders.items()
        }
        scores = knn_classify(
            feats['train'][0],
            feats['train'][1],
            feats['val'][0],
            num_classes,
            k=args.k,
            temperature=args.temperature)
        rows.append(
            dict(
                checkpoint=checkpoint,
                num_bank=len(feats['train'][1]),
                num_query=len(feats['val'][1]),
                **topk_accuracy(scores, feats['val'][1])))

    table = Table(title=f'kNN accuracy (%) of {osp.basename(args.config)} '
                  f'(k={args.k}, T={args.temperature})')
    for key in rows[0]:
        table.add_column(key)
    for row in rows:
        table.add_row(*[
            f'{v:.2f}' if isinstance(v, float) else str(v)
            for v in row.values()
        ])
    Console().print(table)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(rows, f, indent=2)

if __name__ == '__main__':
    torch.set_grad_enabled(False)
    sys.exit(run_cli(main))

# Copyright (c) mmloc contributors. All rights reserved.
"""Backgrounds Challenge of a classifier: accuracy per variant, BG-gap.

    python tools/analysis/backgrounds_challenge.py CONFIG CHECKPOINT \\
        --data DIR [--out results.json] [--compare CONFIG2 CHECKPOINT2] \\
        [--figure out.png] [--num-figure-samples 6]

After Xiao et al., "Noise or Signal: The Role of Image Backgrounds in
Object Recognition" (ICLR 2021). CONFIG is a classifier config (e.g.
configs/benchmarks/classification/imagenet/resnet18_1xb32-linear-coslr-
10e_synthetic-96px.py); its ``model`` (with the config's
``data_preprocessor``) is built and CHECKPOINT, e.g. one written by
tools/train.py, is loaded into it strictly (the file is named here, so it
is trusted: see ``mmloc.engine.runner.safe_load``). Images go through the
test pipeline of the config's ``test_dataloader`` (the first dataset of a
``ConcatDataset``; else ``val_dataloader``).

DIR is the data root of a Backgrounds Challenge layout, real or synthetic:
``DIR/{variant}/val/{class}/{image}``. Every ``--variants`` folder found is
evaluated; the class folders, sorted, give the labels (so the classifier
must have been trained on those classes in that order: IN-9 for the real
benchmark). Variants without a folder are reported absent, and the BG-gap
(``acc(mixed_same) - acc(mixed_rand)``) needs both mixed variants.

``--compare`` evaluates a second classifier (model B) on the same images.
``--figure`` draws a grid in the spirit of the CAST paper's supplement,
Fig. S4: one row per foreground object, one column per variant (the same
object on different backgrounds), each panel titled with the prediction of
model A (and B), green when right, red when wrong.
"""
import argparse
import json
import os
import os.path as osp
import sys
from typing import Dict, List, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import Runner
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

import mmloc  # noqa: F401  (registers mmloc's modules)
from mmloc.datasets.synthetic.bg_challenge import BGC_VARIANTS
from mmloc.engine.runner import load_trusted_checkpoint
from mmloc.evaluation.metrics.bg_challenge import (MIXED_RAND, MIXED_SAME,
                                                   bg_challenge_summary)
from mmloc.registry import MODELS
from mmloc.utils.cli import run_cli
from mmloc.visualization.bg_challenge_figure import (PerSample, draw_figure,
                                                     pick_objects)

MODEL_NAMES = ('A', 'B')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config', help='classifier config')
    p.add_argument('checkpoint', help='its checkpoint')
    p.add_argument(
        '--data',
        required=True,
        help='Backgrounds Challenge root: DIR/{variant}/val/{class}/...')
    p.add_argument('--out', help='write the results as JSON')
    p.add_argument(
        '--compare',
        nargs=2,
        metavar=('CONFIG2', 'CHECKPOINT2'),
        help='a second classifier (model B)')
    p.add_argument(
        '--names',
        nargs='+',
        default=list(MODEL_NAMES),
        help='what the table and the figure call the model(s) '
        '(default: %(default)s)')
    p.add_argument('--figure', help='write the prediction grid (png, pdf)')
    p.add_argument('--num-figure-samples', type=int, default=6)
    p.add_argument(
        '--variants',
        nargs='+',
        default=list(BGC_VARIANTS),
        help='variant folders to evaluate (default: %(default)s)')
    p.add_argument('--split', default='val', help='folder under a variant')
    p.add_argument('--batch-size', type=int, default=32)
    p.add_argument('--num-workers', type=int, default=0)
    p.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    args = p.parse_args()
    if args.num_figure_samples < 1:
        p.error('--num-figure-samples must be >= 1')
    if len(args.names) < 1 + bool(args.compare):
        p.error(f'--names: {len(args.names)} name(s) for '
                f'{1 + bool(args.compare)} model(s)')
    return args


def _class_folders(folder: str) -> List[str]:
    return sorted(e.name for e in os.scandir(folder) if e.is_dir())


def find_variants(root: str, variants: Sequence[str],
                  split: str) -> Tuple[List[str], List[str], List[str]]:
    """The variant folders present under ``root`` and their classes.

    Returns:
        tuple: present variants, absent variants (both in ``variants``
        order) and the class folder names (sorted: label order).

    Raises:
        FileNotFoundError: No variant folder under ``root``.
        ValueError: Two variant folders with different class folders.
    """
    present = [v for v in variants if osp.isdir(osp.join(root, v, split))]
    absent = [v for v in variants if v not in present]
    if not present:
        raise FileNotFoundError(
            f'{root}: none of the variant folders {", ".join(variants)} '
            f'has a {split}/ folder; expected the Backgrounds Challenge '
            f'layout {root}/{{variant}}/{split}/{{class}}/{{image}}')
    classes = _class_folders(osp.join(root, present[0], split))
    for variant in present[1:]:
        folder = osp.join(root, variant, split)
        if _class_folders(folder) != classes:
            raise ValueError(
                f'{folder}: its class folders differ from those of '
                f'{osp.join(root, present[0], split)}; every variant must '
                'have the same classes (they give the labels)')
    if not classes:
        raise ValueError(f'{osp.join(root, present[0], split)}: no class '
                         'folders')
    return present, absent, classes


def config_test_pipeline(cfg: Config, config_path: str) -> list:
    """The test pipeline of ``cfg`` (its test, else val, dataloader)."""
    for key in ('test_dataloader', 'val_dataloader'):
        dataset = (cfg.get(key) or {}).get('dataset') or {}
        if dataset.get('type') == 'ConcatDataset':
            dataset = dataset['datasets'][0]
        if dataset.get('pipeline'):
            return list(dataset['pipeline'])
    raise ValueError(f'{config_path}: no pipeline in test_dataloader or '
                     'val_dataloader to load the images with')


def build_classifier(config: str, checkpoint: str,
                     device: str) -> Tuple[nn.Module, Config]:
    """The classifier of ``config`` with the weights of ``checkpoint``.

    Raises:
        RuntimeError: Naming the checkpoint, when its keys do not match.
    """
    cfg = Config.fromfile(config)
    model_cfg = cfg.model.copy()
    # as mmengine's Runner does: the top-level preprocessor is the model's
    if cfg.get('data_preprocessor') is not None:
        model_cfg.setdefault('data_preprocessor', cfg.data_preprocessor)
    model = MODELS.build(model_cfg)
    ckpt = load_trusted_checkpoint(checkpoint, map_location='cpu')
    state = ckpt.get('state_dict', ckpt)
    result = model.load_state_dict(state, strict=False)
    if result.missing_keys or result.unexpected_keys:
        raise RuntimeError(
            f'{checkpoint} does not match the model of {config}: missing '
            f'{result.missing_keys[:5]}, unexpected '
            f'{result.unexpected_keys[:5]} (showing up to 5 each)')
    return model.to(device).eval(), cfg


def check_num_classes(model: nn.Module, config: str, root: str,
                      classes: Sequence[str]) -> None:
    """A classifier of other classes than the folders' is an error: its
    indices mean other things (e.g. ImageNet-1k vs IN-9)."""
    num_classes = getattr(getattr(model, 'head', None), 'num_classes', None)
    if num_classes is not None and num_classes != len(classes):
        raise ValueError(
            f'{config}: the classifier has {num_classes} classes but {root} '
            f'has {len(classes)} class folders ({", ".join(classes[:3])}, '
            '...). Evaluate a classifier of these classes, in sorted-folder '
            'order (IN-9 for the real benchmark); mapping ImageNet-1k '
            'predictions onto IN-9 is not implemented.')


def variant_loader(root: str, variant: str, split: str, pipeline: list,
                   batch_size: int, num_workers: int):
    """A data loader of ``root/{variant}/{split}``, in folder order."""
    return Runner.build_dataloader(
        dict(
            batch_size=batch_size,
            num_workers=num_workers,
            sampler=dict(type='DefaultSampler', shuffle=False),
            dataset=dict(
                type='CustomDataset',
                data_root=root,
                data_prefix=osp.join(variant, split),
                pipeline=pipeline)))


@torch.no_grad()
def predict(model: nn.Module, loader, progress: Progress,
            desc: str) -> Tuple[np.ndarray, np.ndarray, List[str]]:
    """Top-1 predictions over ``loader``.

    Returns:
        tuple: ``pred`` (N,) and ``gt`` (N,) int64 and the N image paths.
    """
    task = progress.add_task(desc, total=len(loader.dataset))
    preds, gts, paths = [], [], []
    for batch in loader:
        for sample in model.test_step(batch):
            preds.append(int(sample.pred_label[0]))
            gts.append(int(sample.gt_label[0]))
            paths.append(sample.img_path)
        progress.advance(task, len(batch['data_samples']))
    return np.asarray(preds, np.int64), np.asarray(gts, np.int64), paths


def evaluate(model: nn.Module, loaders: Dict[str, object], root: str,
             split: str, variants: Sequence[str], progress: Progress,
             name: str) -> Tuple[dict, PerSample, PerSample]:
    """Summary of one classifier over the variant loaders.

    Returns:
        tuple: :func:`bg_challenge_summary`'s dict, and per sample (keyed by
        variant and path relative to its variant folder) the prediction and
        the true class.
    """
    pred, gt, names, keys = [], [], [], []
    for variant, loader in loaders.items():
        p, g, paths = predict(model, loader, progress, f'{name}: {variant}')
        folder = osp.join(root, variant, split)
        pred.append(p)
        gt.append(g)
        names += [variant] * len(p)
        keys += [(variant, osp.relpath(path, folder)) for path in paths]
    pred, gt = np.concatenate(pred), np.concatenate(gt)
    summary = bg_challenge_summary(pred, gt, names, expected=variants)
    pred_of = dict(zip(keys, pred.tolist()))
    return summary, pred_of, dict(zip(keys, gt.tolist()))


def print_table(console: Console, rows: Sequence[dict],
                variants: Sequence[str], root: str) -> None:
    table = Table(title=f'Backgrounds Challenge top-1 (%) on {root}')
    table.add_column('model')
    for variant in variants:
        table.add_column(variant, justify='right')
    table.add_column('BG-gap', justify='right')
    for row in rows:
        acc = row['accuracy']
        cells = [f'{acc[v]:.2f}' if v in acc else 'absent' for v in variants]
        gap = row['bg_gap']
        cells.append('n/a' if gap is None else f'{gap:+.2f}')
        table.add_row(row['name'], *cells)
    console.print(table)
    console.print(f'BG-gap = {MIXED_SAME} - {MIXED_RAND} (points)')
    for row in rows:
        console.print(
            f'{row["name"]} = {row["config"]} ({row["checkpoint"]})',
            soft_wrap=True)


def main() -> None:
    args = parse_args()
    # a scope of its own, so that main() can run twice in one process
    with DefaultScope.overwrite_default_scope('mmloc'):
        run(args)


def run(args: argparse.Namespace) -> None:
    """Evaluate, print, write the JSON and the figure (see module doc)."""
    console = Console()
    present, absent, classes = find_variants(args.data, args.variants,
                                             args.split)
    if absent:
        console.print(f'[yellow]absent under {args.data}: '
                      f'{", ".join(absent)} (no accuracy reported)[/yellow]')

    specs = [(args.config, args.checkpoint)]
    if args.compare:
        specs.append(tuple(args.compare))
    rows, preds, gt = [], [], {}
    with Progress(console=console, transient=True) as progress:
        for name, (config, checkpoint) in zip(args.names, specs):
            model, cfg = build_classifier(config, checkpoint, args.device)
            check_num_classes(model, config, args.data, classes)
            # with this model's own test pipeline
            pipeline = config_test_pipeline(cfg, config)
            loaders = {}
            for variant in present:
                loaders[variant] = variant_loader(args.data, variant,
                                                  args.split, pipeline,
                                                  args.batch_size,
                                                  args.num_workers)
            summary, model_preds, gt = evaluate(model, loaders, args.data,
                                                args.split, args.variants,
                                                progress, name)
            rows.append(dict(name=name, config=config, checkpoint=checkpoint))
            rows[-1].update(summary)
            preds.append(model_preds)

    print_table(console, rows, args.variants, args.data)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(
                dict(
                    data_root=args.data,
                    split=args.split,
                    classes=classes,
                    variants=present,
                    absent_variants=absent,
                    models=rows),
                f,
                indent=2)
        console.print(f'results -> {args.out}')
    if args.figure:
        objects = pick_objects(list(gt), gt, present, args.num_figure_samples)
        legend = '\n'.join(f'{r["name"]} = {osp.basename(r["config"])} '
                            f'({r["checkpoint"]})' for r in rows)
        legend += '\ngreen: right, red: wrong'
        draw_figure(args.figure, args.data, args.split, present, objects,
                    classes, gt, preds, [r['name'] for r in rows], legend)
        console.print(f'figure -> {args.figure}')


if __name__ == '__main__':
    sys.exit(run_cli(main))

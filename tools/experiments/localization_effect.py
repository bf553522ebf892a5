# Copyright (c) mmloc contributors. All rights reserved.
"""Does teaching a model where to look help? The evidence experiment.

Every arm of a benchmark pretrains the same tiny ResNet with the same
compute (same images, epochs, batch, schedule shape) for each seed, then is
read out the same way:

- linear probe (frozen GAP features, L-BFGS logistic regression on the
  training images) and weighted kNN, scored on the Backgrounds Challenge
  ``original`` and ``mixed_rand`` variants, and the BG-gap
  ``mixed_same - mixed_rand``;
- Grad-CAM IoU (thr 0.5) and pointing game against the true foreground
  masks of the val images (``tools/analysis/eval_grounding.py``);
- mIoU of a short FCN transfer on the synthetic VOC layout and box AP of a
  short Mask R-CNN transfer on the synthetic COCO layout
  (``tools/benchmarks/run_transfer.py``).

Benchmarks (``mmloc.experiments.BENCHMARKS``): ``shapes`` (default; the
class is the object's silhouette alone, 128 px, half-width ResNet-18) and
``textured`` (the original one; ``--benchmark textured``). Arms: ``random``
(the floor), ``mocov2``, ``byol`` and the methods on them, with the
prior-quality sweep of CAST and DetConB on ``shapes`` (ground truth, two
measured degradations of it, the classical prior). Each (arm, seed) run
lives in ``WORK_DIR/{arm}/seed{seed}/`` (its exact config, checkpoint,
extracted backbone, ``results.json``); finished runs are reused, so an
interrupted experiment continues where it stopped. The tables (mean ± 95 %
t interval over seeds; each method's paired difference to its baseline)
go to ``WORK_DIR/results.md`` and, with ``--readme``, between the
benchmark's markers in the READMEs::

    make data   # both benchmarks' data and priors
    python tools/experiments/localization_effect.py --seeds 0 1 2 \\
        --readme README.md projects/localization_benchmark/README.md \\
        --sweep-figure docs/figures/prior_sweep.png
"""
import argparse
import os.path as osp
import sys
from typing import Sequence

from rich.console import Console

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, ROOT)

import mmloc  # noqa: E402,F401
from mmloc.experiments import (
    BASELINES,
    BENCHMARKS,
    collect,  # noqa: E402
    draw_figures,
    markers,
    measured_priors,
    report,
    run_one,
    sweep_figure,
    write_readme)
from mmloc.utils import atomic_write  # noqa: E402

console = Console()


def parse_args(argv: Sequence[str] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--benchmark', default='shapes', choices=BENCHMARKS)
    p.add_argument(
        '--arms', nargs='+', help='default: every arm of the benchmark')
    p.add_argument('--seeds', nargs='+', type=int, default=[0, 1, 2])
    p.add_argument(
        '--epochs',
        type=int,
        help='pretrain every arm this many epochs, the schedule '
        'shapes kept (default: the benchmark\'s budget); use '
        'another --work-dir than the budget\'s runs')
    p.add_argument(
        '--fcn-iters',
        type=int,
        default=300,
        help='FCN transfer iterations (0: skip the transfer)')
    p.add_argument(
        '--det-iters',
        type=int,
        default=0,
        help='Mask R-CNN transfer iterations on the synthetic '
        'COCO layout (0: skip)')
    p.add_argument(
        '--figures',
        action='store_true',
        help='Backgrounds Challenge and Grad-CAM figures of the '
        'first two pretrained arms (seed of the first run)')
    p.add_argument(
        '--sweep-figure',
        help='write the prior-quality sweep figure here (PNG)')
    p.add_argument(
        '--show-logs',
        action='store_true',
        help='stream the tools\' output (training logs) here')
    p.add_argument(
        '--work-dir', help='default: work_dirs/localization_effect/BENCHMARK')
    p.add_argument(
        '--readme',
        nargs='+',
        default=[],
        help='write the tables into these READMEs (between '
        'the benchmark\'s localization-effect markers)')
    p.add_argument(
        '--table-only',
        action='store_true',
        help='only aggregate finished runs')
    args = p.parse_args(argv)
    bench = BENCHMARKS[args.benchmark]
    args.arms = args.arms or list(bench.arms)
    unknown = [a for a in args.arms if a not in bench.arms]
    if unknown:
        p.error(f'{unknown}: not arms of the {bench.name} benchmark '
                f'(choose from {list(bench.arms)})')
    args.work_dir = args.work_dir or osp.join(
        'work_dirs', 'localization_effect', bench.name)
    return args


def main(argv: Sequence[str] = None) -> None:
    args = parse_args(argv)
    bench = BENCHMARKS[args.benchmark]
    if not args.table_only:
        for seed in args.seeds:
            for arm in args.arms:
                run_one(bench, arm, seed, args.work_dir, args.epochs,
                        args.fcn_iters, args.det_iters, args.show_logs)
        if args.figures:
            drawn = draw_figures(bench, args.arms, args.seeds[0],
                                 args.work_dir, args.epochs, args.show_logs)
            if drawn:
                console.log(f'figures: {drawn[0]} vs {drawn[1]}')
    rows = collect(args.work_dir, args.arms)
    text = report(bench, rows)
    atomic_write(text + '\n', osp.join(args.work_dir, 'results.md'))
    console.print(text)
    for readme in args.readme:
        write_readme(readme, text, *markers(bench))
    if args.sweep_figure:
        quality = measured_priors(bench, args.arms, args.work_dir)
        sweep_figure(rows, bench.sweep, BASELINES, quality, args.sweep_figure)
        console.log(f'sweep figure: {args.sweep_figure}')


if __name__ == '__main__':
    main()

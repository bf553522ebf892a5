# Copyright (c) mmloc contributors. All rights reserved.
"""Each method's real dataloader against mmpretrain's MoCo v2 pipeline.

On the same procedural images (in the layout each config reads: ImageNet's,
or CUB-200-2011's for CVSA, with the saliency maps and FH segments each
config's loaders read, written where they read them), for
each config: images/s of its train dataloader as the runner builds it
(``--workers`` workers, batch ``--batch``), the ratio to the MoCo v2
config's (goal >= 0.8x for the CAST, DetCon and CVSA pipelines), and where
the time goes: milliseconds per sample of each transform, in one process.
The rounds alternate the configs (best of ``--rounds``), so a change of the
machine's load hits them alike.

Example::

    python tools/benchmarks/bench_dataloader.py --out work_dirs/bench_dl
"""
import argparse
import os
import os.path as osp
import sys
from typing import Optional, Sequence

from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, ROOT)

from mmloc.benchmarks import redirect_data  # noqa: E402
from mmloc.benchmarks.pipeline_cost import (
    loader_rate,  # noqa: E402
    transform_costs)
from mmloc.benchmarks.procedural_data import (  # noqa: E402
    dataset_layout, make_layout, make_priors)
from mmloc.utils.machine import machine_line  # noqa: E402

BASELINE = 'configs/mocov2/mocov2_resnet50_8xb32-coslr-200e_in1k.py'
CONFIGS = {
    'mocov2 (mmpretrain pipeline)': BASELINE,
    'cast-mocov2':
    'configs/cast/cast_mocov2_resnet50_8xb32-coslr-200e_in1k.py',
    'byol': 'configs/byol/byol_resnet50_16xb256-coslr-200e_in1k.py',
    'detconb': 'configs/detcon/detconb_resnet50_16xb256-coslr-1000e_in1k.py',
    'cast-byol': 'configs/cast/cast_byol_resnet50_16xb256-coslr-200e_in1k.py',
    # CVSA's second stage reads CUB-200-2011 (its dual-stage config: the
    # first stage's checkpoint only matters to the model)
    'cvsa': 'configs/cvsa/cvsa_byol_resnet50_8xb32-200e_in1k-cub.py',
}
GOAL = 0.8


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True, help='folder for data and logs')
    p.add_argument(
        '--methods', nargs='+', default=list(CONFIGS), choices=list(CONFIGS))
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--batches', type=int, default=8)
    p.add_argument('--workers', type=int, default=2)
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument(
        '--samples',
        type=int,
        default=32,
        help='images for the per-transform costs')
    p.add_argument('--data-size', type=int, default=400)
    p.add_argument('--data-per-class', type=int, default=16)
    return p.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    names = [BASELINE_NAME] + [m for m in args.methods if m != BASELINE_NAME]
    loaders = {}
    for name in names:
        cfg = Config.fromfile(osp.join(ROOT, CONFIGS[name]))
        root = make_layout(args.out,
                           dataset_layout(cfg.train_dataloader.to_dict()),
                           args.data_size, args.data_per_class,
                           max(args.workers, 1))
        cfg = redirect_data(cfg, root, iters=1, batch_size=args.batch)
        loader = cfg.train_dataloader.to_dict()
        loader.update(
            num_workers=args.workers, persistent_workers=args.workers > 0)
        make_priors(loader, args.out, max(args.workers, 1))
        loaders[name] = loader
    best = dict.fromkeys(names, 0.0)
    for _ in range(args.rounds):
        for name in names:
            best[name] = max(best[name],
                             loader_rate(loaders[name], args.batches))
    print(machine_line())
    print(f'procedural {args.data_size} px images ({args.data_per_class} '
          f'per class), batch {args.batch}, '
          f'{args.workers} workers, {args.batches} batches after 2, best of '
          f'{args.rounds} alternating rounds')
    print('| config | images/s | vs MoCo v2 pipeline | goal |')
    print('| --- | --- | --- | --- |')
    for name in names:
        ratio = best[name] / best[BASELINE_NAME]
        goal = '' if name in (BASELINE_NAME, 'byol') else (
            f'>= {GOAL}x ' + ('met' if ratio >= GOAL else '**missed**'))
        print(f'| {name} | {best[name]:.1f} | {ratio:.2f}x | {goal} |')
    print()
    print(f'where the time goes (ms per sample, one process, '
          f'{args.samples} images; transforms under 0.05 ms left out):')
    for name in names:
        costs = transform_costs(loaders[name], args.samples)
        total = sum(ms for _, ms in costs)
        parts = ', '.join(f'{t} {ms:.1f}' for t, ms in costs if ms >= 0.05)
        print(f'- {name}: {total:.1f} ms = {parts}')


BASELINE_NAME = 'mocov2 (mmpretrain pipeline)'

if __name__ == '__main__':
    main()

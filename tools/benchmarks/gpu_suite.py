# Copyright (c) mmloc contributors. All rights reserved.
"""The prepared GPU suite: every method's step cost, and one real config's
data pipeline, on one CUDA device in a few minutes.

1. Step cost (``mmloc.benchmarks.step_cost``): each method against its
   baseline at ResNet-50, 224 px, batch 64, bf16 autocast (mmengine's
   ``AmpOptimWrapper``) and channels-last weights: images/s, the ratio, peak
   CUDA memory (``torch.cuda.max_memory_allocated``).
2. Pipeline check: ``--train-iters`` iterations of ``--train-config``
   through ``tools/train.py`` (bf16, ``ChannelsLastHook``) with its real
   dataloader and ``--workers`` workers, on a procedural set written in the
   config's layout (ImageNet folders, and the saliency maps / FH segments
   its loaders read, where they read them; nothing is downloaded): s/iter, how long the loop waited for data, and whether the
   pipeline keeps up (data wait under 10 % of the step).

It writes ``gpu_suite.md`` (one Markdown table per part, the machine and the
settings) and ``gpu_suite.json`` to ``--out``. ``--device cpu`` with small
sizes runs the same code on a CPU (the tests do).

Example::

    python tools/benchmarks/gpu_suite.py --out work_dirs/gpu_suite
"""
import argparse
import json
import os
import os.path as osp
import sys
import time
from typing import Optional, Sequence

import torch
from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
sys.path.insert(0, ROOT)

from mmloc.benchmarks import (
    METHODS,
    iteration_times,  # noqa: E402
    measure_step_cost,
    redirect_data,
    step_cost_table)
from mmloc.benchmarks.procedural_data import (  # noqa: E402
    make_imagenet, make_priors)
from mmloc.utils.repo_tools import run_repo_tool  # noqa: E402
from mmloc.utils.machine import machine_line  # noqa: E402

TRAIN_CONFIG = 'configs/cast/cast_mocov2_resnet50_8xb32-coslr-200e_in1k.py'
#: the pipeline keeps up when the loop waits for data less than this share
KEEPS_UP = 0.1


def device_line(device: str) -> str:
    if device == 'cuda':
        props = torch.cuda.get_device_properties(0)
        return (f'{props.name}, {props.total_memory / 2**30:.0f} GiB, '
                f'torch {torch.__version__}, CUDA {torch.version.cuda}')
    return f'CPU ({os.cpu_count()} cores), torch {torch.__version__}'


def pipeline_check(args: argparse.Namespace, data_root: str) -> dict:
    """Train ``--train-config`` ``--train-iters`` iterations on
    ``data_root`` (its priors made first) and read back the iteration and
    data-wait times."""
    cfg = Config.fromfile(osp.join(ROOT, args.train_config))
    cfg = redirect_data(cfg, data_root, args.train_iters, args.train_batch)
    make_priors(cfg.train_dataloader.to_dict(), args.out, args.workers)
    cfg.train_dataloader.num_workers = args.workers
    cfg.train_dataloader.persistent_workers = args.workers > 0
    cfg.custom_hooks = list(cfg.get('custom_hooks',
                                    [])) + [dict(type='ChannelsLastHook')]
    if args.device == 'cuda':
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.dtype = 'bfloat16'
    work_dir = osp.join(args.out, 'train')
    config = osp.join(args.out, 'train_config.py')
    cfg.dump(config)
    run_repo_tool(['tools/train.py', config, '--work-dir', work_dir],
                  osp.join(args.out, 'train.log'))
    runs = sorted(
        d for d in os.listdir(work_dir)
        if osp.isfile(osp.join(work_dir, d, 'vis_data', 'scalars.json')))
    times = iteration_times(
        osp.join(work_dir, runs[-1], 'vis_data', 'scalars.json'),
        skip=min(10, args.train_iters // 2))
    batch = cfg.train_dataloader.batch_size
    times.update(
        config=args.train_config,
        batch=batch,
        workers=args.workers,
        images_per_s=batch / times['time'],
        keeps_up=times['data_share'] < KEEPS_UP)
    return times


def pipeline_table(r: dict) -> str:
    verdict = ('keeps up' if r['keeps_up'] else
               f'**does not keep up** (waits {r["data_share"]:.0%})')
    return '\n'.join([
        '| config | batch | workers | s/iter | data wait s/iter | '
        'images/s | data pipeline |', '| --- | --- | --- | --- | --- | --- '
        '| --- |',
        f'| `{osp.basename(r["config"])}` | {r["batch"]} | {r["workers"]} '
        f'| {r["time"]:.3f} | {r["data_time"]:.3f} | '
        f'{r["images_per_s"]:.1f} | {verdict} |'
    ])


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True, help='folder for the results')
    p.add_argument('--device', choices=['cuda', 'cpu'], default='cuda')
    p.add_argument(
        '--methods', nargs='+', default=list(METHODS), choices=list(METHODS))
    p.add_argument('--arch', choices=['r50', 'r18'], default='r50')
    p.add_argument('--size', type=int, default=224)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--steps', type=int, default=10)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--train-config', default=TRAIN_CONFIG)
    p.add_argument(
        '--train-iters',
        type=int,
        default=100,
        help='0: skip the pipeline check')
    p.add_argument('--train-batch', type=int, default=64)
    p.add_argument('--workers', type=int, default=8)
    p.add_argument(
        '--data-size',
        type=int,
        default=320,
        help='side of the procedural images (px)')
    p.add_argument('--data-per-class', type=int, default=64)
    args = p.parse_args(argv)
    if args.device == 'cuda' and not torch.cuda.is_available():
        p.error('--device cuda: no CUDA device (use --device cpu)')
    return args


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    cuda = args.device == 'cuda'
    start = time.time()
    steps = []
    for name in args.methods:
        steps.append(
            measure_step_cost(
                name,
                args.arch,
                args.size,
                args.batch,
                args.device,
                args.steps,
                args.warmup,
                amp='bfloat16' if cuda else None,
                channels_last=True))
        print(
            f'{name}: {steps[-1].ratio:.2f}x ({time.time() - start:.0f} s)',
            flush=True)
    result = dict(
        machine=machine_line(),
        device=device_line(args.device),
        step_cost=[s.to_dict() for s in steps])
    arch = {'r50': 'ResNet-50', 'r18': 'ResNet-18'}[args.arch]
    md = [
        f'{result["machine"]}; {result["device"]}', '',
        f'Step cost: {arch}, {args.size} px, batch {args.batch}, '
        f'{"bf16 autocast, " if cuda else ""}channels-last, median of '
        f'{args.steps} steps after {args.warmup}.', '',
        step_cost_table(steps)
    ]
    if args.train_iters:
        data_root = make_imagenet(args.out, args.data_size,
                                  args.data_per_class, args.workers)
        result['pipeline'] = pipeline_check(args, data_root)
        md += [
            '', f'Pipeline check: {args.train_iters} iterations through '
            f'tools/train.py on procedural {args.data_size} px images '
            f'({"bf16, " if cuda else ""}channels-last; medians after the '
            'first iterations).', '',
            pipeline_table(result['pipeline'])
        ]
    result['wall_s'] = round(time.time() - start, 1)
    md += ['', f'Suite wall time: {result["wall_s"]:.0f} s.']
    with open(osp.join(args.out, 'gpu_suite.md'), 'w') as f:
        f.write('\n'.join(md) + '\n')
    with open(osp.join(args.out, 'gpu_suite.json'), 'w') as f:
        json.dump(result, f, indent=2)
    print('\n'.join(md))


if __name__ == '__main__':
    main()

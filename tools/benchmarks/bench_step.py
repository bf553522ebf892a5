# Copyright (c) mmloc contributors. All rights reserved.
"""Training-step cost of each method against its baseline, in one process.

What is timed and how (full ``train_step``, identical initial weights,
interleaved rounds, medians) is in :mod:`mmloc.benchmarks.step_cost`. With
one ``--method`` the script prints the detail: s/step and images/s of both
models, the ratio, the median per-round ratio and (on the CPU) the process
CPU time per step, which leaves out time other processes held the cores,
and peak memory (CUDA: ``max_memory_allocated`` per step; CPU: the
process's peak RSS after building and after each model's first step). With
``--all`` it runs every method and prints one table, so that a regression
is visible at once.

Examples::

    python tools/benchmarks/bench_step.py --all --arch r18 --size 128 \\
        --batch 16 --threads 1
    python tools/benchmarks/bench_step.py --method cast-mocov2 --arch r50 \\
        --size 112 --batch 32 --steps 10 --warmup 3
    python tools/benchmarks/bench_step.py --all --arch r50 --size 224 \\
        --batch 64 --device cuda --amp bfloat16 --channels-last
"""
import argparse
import json
import sys
from typing import Optional, Sequence

from mmloc.benchmarks import METHODS, StepCost, measure_step_cost
from mmloc.benchmarks.step_cost import step_cost_table
from mmloc.utils.machine import machine_line

ARCH_NAMES = {'r50': 'ResNet-50', 'r18': 'ResNet-18'}


def setting(r: StepCost) -> str:
    """The line saying what was measured."""
    threads = (f', {r.threads} thread{"s" * (r.threads != 1)}'
               if r.threads else '')
    extra = ''.join([
        f', {r.amp} autocast' if r.amp else '',
        ', channels-last' if r.channels_last else ''
    ])
    return (f'{ARCH_NAMES[r.arch]}, {r.size} px, batch {r.batch}, '
            f'{r.device}{threads}{extra}, {r.steps} steps (median), '
            f'{r.warmup} warm-up')


def detail(r: StepCost) -> str:
    """The one-method report."""
    names = (r.baseline, r.method)
    width = max(len(n) for n in names) + 1
    lines = [f'{r.method} vs {r.baseline}, {setting(r)}']
    for i, name in enumerate(names):
        line = (f'{name + ":":<{width}} {r.seconds[i]:7.3f} s/step  '
                f'{r.images_per_s[i]:7.1f} img/s')
        if i == 1:
            goal = f' (goal <= {r.goal:g}x)' if r.goal is not None else ''
            line += f'   ratio {r.ratio:.2f}x{goal}'
        lines.append(line)
    line = f'per-round ratio (median) {r.pair_ratio:.2f}x'
    if r.cpu_seconds:
        cpu = r.cpu_seconds
        line += (f'; process CPU time per step {names[0]} {cpu[0]:.3f} s, '
                 f'{names[1]} {cpu[1]:.3f} s, ratio {cpu[1] / cpu[0]:.2f}x')
    lines.append(line)
    if r.peak_gib:
        gib, act = r.peak_gib, r.step_gib
        lines.append(
            f'peak memory (cuda, max allocated in a step, both models '
            f'resident): {names[0]} {gib[0]:.2f} GiB, {names[1]} '
            f'{gib[1]:.2f} GiB; above the step start: {act[0]:.2f} / '
            f'{act[1]:.2f} GiB ({act[1] / max(act[0], 1e-9):.2f}x)')
    else:
        lines.append('peak memory (cpu, process peak RSS, not per model): ' +
                     ', '.join(f'{k} {v:.2f} GiB' for k, v in r.rss_gib[1:]))
    return '\n'.join(lines)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='methods: ' + ', '.join(f'{k} (vs {v.baseline})'
                                       for k, v in METHODS.items()))
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument('--method', help='one of: ' + ', '.join(METHODS))
    which.add_argument(
        '--all', action='store_true', help='every method, one table')
    p.add_argument('--arch', choices=sorted(ARCH_NAMES), default='r50')
    p.add_argument('--size', type=int, default=112, help='view size (px)')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument(
        '--steps', type=int, default=10, help='timed rounds (median)')
    p.add_argument(
        '--warmup', type=int, default=3, help='untimed rounds first')
    p.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    p.add_argument(
        '--amp',
        choices=['bfloat16', 'float16'],
        help='autocast through AmpOptimWrapper (CUDA only)')
    p.add_argument('--channels-last', action='store_true')
    p.add_argument(
        '--threads',
        type=int,
        default=None,
        help='torch.set_num_threads (CPU)')
    p.add_argument('--json', help='also write the results here')
    args = p.parse_args(argv)
    if args.method and args.method not in METHODS:
        p.error(f'unknown method {args.method!r}; methods: ' +
                ', '.join(METHODS))
    if args.steps < 1 or args.warmup < 0 or args.batch < 2:
        p.error('need --steps >= 1, --warmup >= 0, --batch >= 2')
    if args.amp and args.device != 'cuda':
        p.error('--amp needs --device cuda (mmengine\'s AmpOptimWrapper '
                'refuses the CPU)')
    return args


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    names = list(METHODS) if args.all else [args.method]
    results = []
    print(machine_line())
    for name in names:
        try:
            results.append(
                measure_step_cost(name, args.arch, args.size, args.batch,
                                  args.device, args.steps, args.warmup,
                                  args.amp, args.channels_last, args.threads))
        except RuntimeError as e:
            sys.exit(f'{name}: {e}')
        if not args.all:
            print(detail(results[-1]))
    if args.all:
        print(setting(results[0]))
        print(step_cost_table(results))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump([r.to_dict() for r in results], f, indent=2)


if __name__ == '__main__':
    main()

# Copyright (c) mmloc contributors. All rights reserved.
"""Training-step cost of a method against its baseline, in one process.

A full step is ``model.train_step(data, optim_wrapper)``: data
preprocessing, forward, backward and the optimizer step, with mmengine's
``OptimWrapper`` around ``SGD(lr=0.03, momentum=0.9, weight_decay=1e-4)``
for every method (the cost of the update is the same for both models; the
configs' LARS is not what is being compared). The baseline and the method
are built from the baseline's config with identical initial weights (the
method model is a deep copy of the baseline, then changed by the method's
``make``); their steps interleave (baseline, method, baseline, method, ...)
so a change of machine load affects both alike; ``--warmup`` rounds are not
timed; the median of ``--steps`` rounds is reported, with images/s
(``batch / step time``), the ratio method / baseline and peak memory.
Two steadier figures follow, for shared machines: the median of the
per-round ratios, and (on the CPU) each model's median process CPU time per
step (``time.process_time``: it leaves out time other processes held the
cores, which on 2 loaded cores easily moves wall times by 20%).

Models are the R50 configs' (``--arch r50``), or the same with a ResNet-18
backbone (``--arch r18``: ``depth=18`` and the neck's ``in_channels`` 512;
the neck's hidden / output sizes and the heads stay the R50 recipe's), in
one process:

- ``norm_cfg`` is plain ``BN`` (the SimCLR / BYOL configs' ``SyncBN`` is
  plain BN in one process anyway);
- MoCo's ``queue_len`` 65536 -> 4096 (rounded up to a multiple of the
  batch, which MoCo requires), to keep memory modest; the queue term is
  the same in both models, so a shorter queue makes the ratio, if anything,
  larger.

Inputs are what the data loader delivers with ``default_collate``: a list of
two views, each a ``(B, 3, S, S)`` uint8 tensor of random pixels, and ``B``
``DataSample`` s carrying what ``PackLocInputs`` packs (``saliency`` uint8
``(2, 1, S, S)``: one random box per view, 255 inside; ``segments`` int32
``(2, S, S)`` for methods that ask for them). Both models use
``LocDataPreprocessor`` with the config's mean / std, so the maps reach the
loss as CAST expects them; the baseline ignores them.

Peak memory: with ``--device cuda``, ``torch.cuda.max_memory_allocated``
over each model's steps (reset before every step) and the part of it above
what was allocated when the step started (activations and temporaries).
On the CPU only the process's peak RSS is available (``ru_maxrss``); it is
printed after building the models and after the first step of each model
(first the baseline, then the method); growth after the method's first step
is a lower bound of what the method needs beyond the baseline, since the
allocator reuses memory the baseline's step freed.

Examples::

    python tools/benchmarks/bench_step.py --method cast-mocov2 --arch r50 \\
        --size 112 --batch 32 --steps 10 --warmup 3
    python tools/benchmarks/bench_step.py --method cast-byol --arch r18 \\
        --size 224 --device cuda
    python tools/benchmarks/bench_step.py --method detconb --arch r50 \\
        --size 224 --batch 64 --device cuda

New methods are one entry of ``METHODS`` (a baseline config and how to turn
a copy of its model into the method's).
"""
import argparse
import copy
import os.path as osp
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.logging import MessageHub
from mmengine.optim import OptimWrapper
from mmengine.registry import DefaultScope
from mmpretrain.structures import DataSample

from mmloc.utils.machine import machine_line

#: configs are found from the repository root, wherever the script runs
ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MOCOV2_R50 = 'configs/mocov2/mocov2_resnet50_8xb32-coslr-200e_in1k.py'
SIMCLR_R50 = 'configs/simclr/simclr_resnet50_16xb256-coslr-200e_in1k.py'
BYOL_R50 = 'configs/byol/byol_resnet50_16xb256-coslr-200e_in1k.py'
DETCONB_R50 = 'configs/detcon/detconb_resnet50_16xb256-coslr-1000e_in1k.py'
DETCONS_R50 = 'configs/detcon/detcons_resnet50_16xb256-coslr-1000e_in1k.py'
CVSA_R50 = 'configs/cvsa/cvsa_byol_resnet50_8xb32-200e_cub.py'

#: MoCo's queue in the benchmark (the R50 config has 65536)
QUEUE_LEN = 4096


def with_cast(model: nn.Module, cfg: Config) -> nn.Module:
    """CAST with its defaults (alpha 3, beta 1, layer4, no warm-up)."""
    from mmloc.models.algorithms.cast import add_cast
    add_cast(model)
    return model


def built_from(config: str) -> Callable[[nn.Module, Config], nn.Module]:
    """``make`` for a method with its own algorithm class (DetCon, CVSA):
    the model of ``config`` (sized like the baseline's: same depth and norm
    as ``model_cfg`` gives), starting from the baseline's weights wherever
    names and shapes agree (backbone; projector / predictor MLPs with the
    same layers; the EMA target)."""

    def make(baseline: nn.Module, base_cfg: Config) -> nn.Module:
        from mmloc.registry import MODELS
        arch = 'r50' if baseline.backbone.depth == 50 else 'r18'
        cfg = Config.fromfile(osp.join(ROOT, config))
        with DefaultScope.overwrite_default_scope('mmloc'):
            model = MODELS.build(model_cfg(cfg, arch, batch=1))
        own = model.state_dict()
        model.load_state_dict(
            {
                k: v
                for k, v in baseline.state_dict().items()
                if k in own and own[k].shape == v.shape
            },
            strict=False)
        return model

    return make


@dataclass
class Method:
    """One comparison: ``make(copy_of_baseline_model, cfg)`` returns the
    method's model (built or changed from the copy, so that it can start
    from the baseline's weights)."""
    baseline: str  #: printed name of the baseline
    config: str  #: the baseline's (R50) config
    make: Callable[[nn.Module, Config], nn.Module]
    #: prior maps the method needs in each DataSample
    priors: Tuple[str, ...] = ('saliency', )
    goal: Optional[float] = None  #: goal on the step-time ratio, if any


#: name -> comparison
METHODS: Dict[str, Method] = {
    'cast-mocov2': Method('mocov2', MOCOV2_R50, with_cast, goal=1.3),
    'cast-simclr': Method('simclr', SIMCLR_R50, with_cast),
    'cast-byol': Method('byol', BYOL_R50, with_cast),
    'detconb': Method('byol', BYOL_R50, built_from(DETCONB_R50),
                      ('segments', ), goal=1.15),
    'detcons': Method('simclr', SIMCLR_R50, built_from(DETCONS_R50),
                      ('segments', ), goal=1.15),
    'cvsa': Method('byol', BYOL_R50, built_from(CVSA_R50), goal=1.15),
}

ARCHS = {'r50': (50, 2048), 'r18': (18, 512)}


def model_cfg(cfg: Config, arch: str, batch: int) -> dict:
    """The config's model, for one process and ``arch`` (see the module
    docstring), with a ``LocDataPreprocessor``."""
    m = copy.deepcopy(cfg.model)
    depth, channels = ARCHS[arch]
    m.backbone.depth = depth
    m.backbone.norm_cfg = dict(type='BN')
    if 'in_channels' in m.neck:
        m.neck.in_channels = channels
    if 'queue_len' in m:
        m.queue_len = -(-QUEUE_LEN // batch) * batch
    pre = cfg.get('data_preprocessor', None) or m.get('data_preprocessor')
    m.data_preprocessor = dict(
        type='LocDataPreprocessor',
        mean=pre['mean'],
        std=pre['std'],
        to_rgb=pre.get('to_rgb', False))
    return m


def build_models(method: Method, arch: str, batch: int,
                 device: str) -> Tuple[nn.Module, nn.Module]:
    """``(baseline, method)`` with identical initial weights."""
    import mmloc.models  # noqa: F401  (registers mmloc's modules)
    from mmloc.registry import MODELS
    cfg = Config.fromfile(osp.join(ROOT, method.config))
    with DefaultScope.overwrite_default_scope('mmloc'):
        base = MODELS.build(model_cfg(cfg, arch, batch))
        other = method.make(copy.deepcopy(base), cfg)
    return base.to(device).train(), other.to(device).train()


def random_box_map(gen: torch.Generator, size: int) -> torch.Tensor:
    """uint8 ``(1, S, S)``, 255 in a random box covering 10-60% per side."""
    m = torch.zeros(1, size, size, dtype=torch.uint8)
    h, w = (
        int(size * (0.1 + 0.5 * torch.rand(1, generator=gen).item()))
        for _ in range(2))
    y = int(torch.randint(0, size - h + 1, (1, ), generator=gen))
    x = int(torch.randint(0, size - w + 1, (1, ), generator=gen))
    m[:, y:y + h, x:x + w] = 255
    return m


def random_segments(gen: torch.Generator,
                    size: int,
                    cells: int = 4) -> torch.Tensor:
    """int32 ``(S, S)``: a ``cells x cells`` grid of labels, shifted."""
    ids = torch.arange(cells * cells, dtype=torch.int32).view(cells, cells)
    cell = -(-size // cells)
    grid = ids.repeat_interleave(cell, 0).repeat_interleave(cell, 1)
    grid = grid[:size, :size]
    shift = [int(v) for v in torch.randint(0, size, (2, ), generator=gen)]
    return grid.roll(shift, (0, 1)).contiguous()


def make_batch(batch: int,
               size: int,
               priors: Sequence[str],
               seed: int = 0) -> Tuple[List[torch.Tensor], List[dict]]:
    """Two uint8 views ``(B, 3, S, S)`` and per-sample prior fields."""
    gen = torch.Generator().manual_seed(seed)
    views = [
        torch.randint(
            0, 256, (batch, 3, size, size), dtype=torch.uint8, generator=gen)
        for _ in range(2)
    ]
    fields = []
    for _ in range(batch):
        f = {}
        if 'saliency' in priors:
            f['saliency'] = torch.stack(
                [random_box_map(gen, size) for _ in range(2)])
        if 'segments' in priors:
            f['segments'] = torch.stack(
                [random_segments(gen, size) for _ in range(2)])
        fields.append(f)
    return views, fields


def step_data(views: List[torch.Tensor], fields: List[dict]) -> dict:
    """A fresh collated batch (new DataSamples: the preprocessor converts
    their maps in place)."""
    samples = []
    for f in fields:
        s = DataSample()
        for k, v in f.items():
            s.set_field(v, k)
        samples.append(s)
    return dict(inputs=list(views), data_samples=samples)


def peak_rss_gib() -> float:
    """Process peak RSS so far (Linux: ``ru_maxrss`` is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def run(args: argparse.Namespace) -> None:
    method = METHODS[args.method]
    cuda = args.device == 'cuda'
    if cuda and not torch.cuda.is_available():
        sys.exit('--device cuda: no CUDA device')
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    # BYOL's cosine EMA momentum reads the run length from the message hub
    MessageHub.get_current_instance().update_info('max_iters',
                                                  args.warmup + args.steps)
    names = (method.baseline, args.method)
    rss = [('start', peak_rss_gib())]
    models = build_models(method, args.arch, args.batch, args.device)
    optims = [
        OptimWrapper(
            torch.optim.SGD(
                m.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4))
        for m in models
    ]
    views, fields = make_batch(args.batch, args.size, method.priors)
    rss.append(('models + inputs', peak_rss_gib()))

    times: List[List[float]] = [[], []]
    cpu_times: List[List[float]] = [[], []]  # this process's CPU time
    peak = [0, 0]  # cuda: max allocated during a step
    extra = [0, 0]  # cuda: ... minus allocated at the step's start
    for it in range(args.warmup + args.steps):
        for i, (model, optim) in enumerate(zip(models, optims)):
            data = step_data(views, fields)
            if cuda:
                torch.cuda.synchronize()
                torch.cuda.reset_peak_memory_stats()
                before = torch.cuda.memory_allocated()
            start, cpu_start = time.perf_counter(), time.process_time()
            log = model.train_step(data, optim)
            if cuda:
                torch.cuda.synchronize()
            elapsed = time.perf_counter() - start
            cpu_elapsed = time.process_time() - cpu_start
            if it == 0:
                rss.append((f'first {names[i]} step', peak_rss_gib()))
                bad = [k for k, v in log.items() if not torch.isfinite(v)]
                if bad:
                    sys.exit(f'{names[i]}: non-finite {bad}: {log}')
            if it >= args.warmup:
                times[i].append(elapsed)
                cpu_times[i].append(cpu_elapsed)
            if cuda:
                p = torch.cuda.max_memory_allocated()
                peak[i] = max(peak[i], p)
                extra[i] = max(extra[i], p - before)

    med = [statistics.median(t) for t in times]
    arch = {'r50': 'ResNet-50', 'r18': 'ResNet-18'}[args.arch]
    n = torch.get_num_threads()
    threads = f', {n} thread{"s" * (n != 1)}' if not cuda else ''
    print(machine_line())
    print(f'{args.method} vs {method.baseline}, {arch}, {args.size} px, '
          f'batch {args.batch}, {args.device}{threads}, {args.steps} steps '
          f'(median), {args.warmup} warm-up')
    width = max(len(n) for n in names) + 1
    for i, name in enumerate(names):
        line = (f'{name + ":":<{width}} {med[i]:7.3f} s/step  '
                f'{args.batch / med[i]:7.1f} img/s')
        if i == 1:
            goal = (f' (goal <= {method.goal:g}x)'
                    if method.goal is not None else '')
            line += f'   ratio {med[1] / med[0]:.2f}x{goal}'
        print(line)
    # rounds pair the two models in time: the median of the per-round
    # ratios is less sensitive to the machine's load changing over the run
    pair = statistics.median(b / a for a, b in zip(*times))
    line = f'per-round ratio (median) {pair:.2f}x'
    if not cuda:
        # CPU time leaves out the time other processes held the cores
        cpu = [statistics.median(t) for t in cpu_times]
        line += (f'; process CPU time per step {names[0]} {cpu[0]:.3f} s, '
                 f'{names[1]} {cpu[1]:.3f} s, ratio {cpu[1] / cpu[0]:.2f}x')
    print(line)
    if cuda:
        gib = [p / 2**30 for p in peak]
        act = [e / 2**30 for e in extra]
        print(f'peak memory (cuda, max allocated in a step, both models '
              f'resident): {names[0]} {gib[0]:.2f} GiB, {names[1]} '
              f'{gib[1]:.2f} GiB; above the step start: {act[0]:.2f} / '
              f'{act[1]:.2f} GiB ({act[1] / max(act[0], 1e-9):.2f}x)')
    else:
        print('peak memory (cpu, process peak RSS, not per model): ' +
              ', '.join(f'{k} {v:.2f} GiB' for k, v in rss[1:]) +
              f', end {peak_rss_gib():.2f} GiB')


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split('\n')[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='methods: ' + ', '.join(f'{k} (vs {v.baseline})'
                                       for k, v in METHODS.items()))
    p.add_argument(
        '--method', required=True, help='one of: ' + ', '.join(METHODS))
    p.add_argument('--arch', choices=sorted(ARCHS), default='r50')
    p.add_argument('--size', type=int, default=112, help='view size (px)')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument(
        '--steps', type=int, default=10, help='timed rounds (median)')
    p.add_argument(
        '--warmup', type=int, default=3, help='untimed rounds first')
    p.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    p.add_argument(
        '--threads',
        type=int,
        default=None,
        help='torch.set_num_threads (CPU)')
    args = p.parse_args(argv)
    if args.method not in METHODS:
        p.error(f'unknown method {args.method!r}; methods: ' +
                ', '.join(METHODS))
    if args.steps < 1 or args.warmup < 0 or args.batch < 2:
        p.error('need --steps >= 1, --warmup >= 0, --batch >= 2')
    return args


def main(argv: Optional[Sequence[str]] = None) -> None:
    run(parse_args(argv))


if __name__ == '__main__':
    main()

# Copyright (c) mmloc contributors. All rights reserved.
"""Training-step cost of a method against its baseline, in one process.

A full step is ``model.train_step(data, optim_wrapper)``: data
preprocessing, forward, backward and the optimizer step, with mmengine's
``OptimWrapper`` (``AmpOptimWrapper`` with ``amp``) around ``SGD(lr=0.03,
momentum=0.9, weight_decay=1e-4)`` for every method (the cost of the update
is the same for both models; the configs' LARS is not what is being
compared). The baseline and the method are built from the baseline's config
with identical initial weights (the method model is a deep copy of the
baseline, then changed by the method's ``make``); their steps interleave
(baseline, method, baseline, method, ...) so a change of machine load
affects both alike; ``warmup`` rounds are not timed; the median of
``steps`` rounds is reported.

Models are the R50 configs' (``arch='r50'``), or the same with a ResNet-18
backbone (``'r18'``: ``depth=18`` and the neck's ``in_channels`` 512; the
neck's hidden / output sizes and the heads stay the R50 recipe's), in one
process: ``norm_cfg`` is plain ``BN`` (``SyncBN`` is plain BN in one
process anyway), and MoCo's ``queue_len`` 65536 -> 4096 (rounded up to a
multiple of the batch), to keep memory modest; the queue term is the same
in both models, so a shorter queue makes the ratio, if anything, larger.

Inputs are what the data loader delivers with ``default_collate``
(:mod:`mmloc.benchmarks.step_inputs`). Both models use
``LocDataPreprocessor`` with the config's mean / std.

New methods are one entry of :data:`METHODS` (a baseline config and how to
turn a copy of its model into the method's).
"""
import copy
import os.path as osp
import resource
import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmengine.config import Config
from mmengine.logging import MessageHub
from mmengine.optim import AmpOptimWrapper, OptimWrapper
from mmengine.registry import DefaultScope

from mmloc.utils.repo_tools import REPO_ROOT

from .step_inputs import make_batch, step_data

# the configs are the repository's (mmloc is installed editable from it)
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
        cfg = Config.fromfile(osp.join(REPO_ROOT, config))
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
    'cast-mocov2':
    Method('mocov2', MOCOV2_R50, with_cast, goal=1.25),
    'cast-simclr':
    Method('simclr', SIMCLR_R50, with_cast, goal=1.25),
    'cast-byol':
    Method('byol', BYOL_R50, with_cast, goal=1.25),
    'detconb':
    Method(
        'byol', BYOL_R50, built_from(DETCONB_R50), ('segments', ), goal=1.10),
    'detcons':
    Method(
        'simclr',
        SIMCLR_R50,
        built_from(DETCONS_R50), ('segments', ),
        goal=1.10),
    'cvsa':
    Method('byol', BYOL_R50, built_from(CVSA_R50), goal=1.10),
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
    cfg = Config.fromfile(osp.join(REPO_ROOT, method.config))
    with DefaultScope.overwrite_default_scope('mmloc'):
        base = MODELS.build(model_cfg(cfg, arch, batch))
        other = method.make(copy.deepcopy(base), cfg)
    return base.to(device).train(), other.to(device).train()


def peak_rss_gib() -> float:
    """Process peak RSS so far (Linux: ``ru_maxrss`` is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


@dataclass
class StepCost:
    """One method against its baseline (index 0: baseline, 1: method).

    ``seconds``: median wall time per step; ``pair_ratio``: median of the
    per-round ratios (steadier on a shared machine); ``cpu_seconds``: median
    process CPU time per step (CPU only: it leaves out time other processes
    held the cores); ``peak_gib``: CUDA max allocated in a step, both
    models resident (CUDA only); ``rss_gib``: process peak RSS after
    building and after each model's first step (CPU only, not per model).
    """
    method: str
    baseline: str
    arch: str
    size: int
    batch: int
    device: str
    amp: Optional[str]
    channels_last: bool
    threads: Optional[int]
    steps: int
    warmup: int
    seconds: Tuple[float, float]
    pair_ratio: float
    goal: Optional[float] = None
    cpu_seconds: Optional[Tuple[float, float]] = None
    peak_gib: Optional[Tuple[float, float]] = None
    step_gib: Optional[Tuple[float, float]] = None
    rss_gib: List[Tuple[str, float]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.seconds[1] / self.seconds[0]

    @property
    def images_per_s(self) -> Tuple[float, float]:
        return (self.batch / self.seconds[0], self.batch / self.seconds[1])

    @property
    def meets_goal(self) -> Optional[bool]:
        return None if self.goal is None else self.ratio <= self.goal

    def to_dict(self) -> dict:
        return dict(
            asdict(self),
            ratio=self.ratio,
            images_per_s=self.images_per_s,
            meets_goal=self.meets_goal)


def _optim_wrapper(model: nn.Module, amp: Optional[str]) -> OptimWrapper:
    optimizer = torch.optim.SGD(
        model.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)
    if amp is None:
        return OptimWrapper(optimizer)
    return AmpOptimWrapper(optimizer=optimizer, dtype=amp)


def measure_step_cost(name: str,
                      arch: str = 'r50',
                      size: int = 112,
                      batch: int = 32,
                      device: str = 'cpu',
                      steps: int = 10,
                      warmup: int = 3,
                      amp: Optional[str] = None,
                      channels_last: bool = False,
                      threads: Optional[int] = None) -> StepCost:
    """Time ``METHODS[name]`` against its baseline (module docstring).

    Args:
        amp (str, optional): autocast dtype (``'bfloat16'``,
            ``'float16'``) through mmengine's ``AmpOptimWrapper``; CUDA only
            (mmengine refuses it on the CPU).
        channels_last (bool): both models' weights stored NHWC
            (``ChannelsLastHook``'s conversion).
        threads (int, optional): ``torch.set_num_threads`` first.

    Raises:
        KeyError: unknown method. RuntimeError: a non-finite loss on the
        first step, or ``device='cuda'`` without CUDA.
    """
    method = METHODS[name]
    cuda = device == 'cuda'
    if cuda and not torch.cuda.is_available():
        raise RuntimeError('device cuda: no CUDA device')
    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    # BYOL's cosine EMA momentum reads the run length from the message hub
    MessageHub.get_current_instance().update_info('max_iters', warmup + steps)
    names = (method.baseline, name)
    rss = [('start', peak_rss_gib())]
    models = build_models(method, arch, batch, device)
    if channels_last:
        models = tuple(m.to(memory_format=torch.channels_last) for m in models)
    optims = [_optim_wrapper(m, amp) for m in models]
    views, fields = make_batch(batch, size, method.priors)
    rss.append(('models + inputs', peak_rss_gib()))

    times: List[List[float]] = [[], []]
    cpu_times: List[List[float]] = [[], []]
    peak, extra = [0, 0], [0, 0]  # cuda: max allocated, minus the start
    for it in range(warmup + steps):
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
                    raise RuntimeError(f'{names[i]}: non-finite {bad}: {log}')
            if it >= warmup:
                times[i].append(elapsed)
                cpu_times[i].append(cpu_elapsed)
            if cuda:
                p = torch.cuda.max_memory_allocated()
                peak[i] = max(peak[i], p)
                extra[i] = max(extra[i], p - before)
    rss.append(('end', peak_rss_gib()))
    med = tuple(statistics.median(t) for t in times)
    return StepCost(
        method=name,
        baseline=method.baseline,
        arch=arch,
        size=size,
        batch=batch,
        device=device,
        amp=amp,
        channels_last=channels_last,
        threads=None if cuda else torch.get_num_threads(),
        steps=steps,
        warmup=warmup,
        seconds=med,
        # rounds pair the two models in time: the median of the per-round
        # ratios is less sensitive to the machine's load changing
        pair_ratio=statistics.median(b / a for a, b in zip(*times)),
        goal=method.goal,
        cpu_seconds=None if cuda else tuple(
            statistics.median(t) for t in cpu_times),
        peak_gib=tuple(p / 2**30 for p in peak) if cuda else None,
        step_gib=tuple(e / 2**30 for e in extra) if cuda else None,
        rss_gib=[] if cuda else rss)


def step_cost_table(results: Sequence[StepCost]) -> str:
    """One Markdown table: method, baseline, s/step of each and the
    method's images/s, the ratio, the per-round ratio and (CPU) the
    process-CPU-time ratio, the goal (judged on the ratio), peak memory."""
    lines = [
        '| method | baseline | baseline s/step | method s/step | '
        'method img/s | ratio | per-round ratio | CPU-time ratio | goal | '
        'peak memory |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
    ]
    for r in results:
        goal = '' if r.goal is None else (
            f'<= {r.goal:.2f}x ' + ('met' if r.meets_goal else '**missed**'))
        cpu = (f'{r.cpu_seconds[1] / r.cpu_seconds[0]:.2f}x'
               if r.cpu_seconds else '')
        if r.peak_gib:
            memory = (f'{r.peak_gib[0]:.2f} / {r.peak_gib[1]:.2f} GiB '
                      '(CUDA, baseline / method)')
        else:
            memory = f'{r.rss_gib[-1][1]:.2f} GiB (process RSS)'
        lines.append(
            f'| {r.method} | {r.baseline} | {r.seconds[0]:.3f} | '
            f'{r.seconds[1]:.3f} | {r.images_per_s[1]:.1f} | '
            f'{r.ratio:.2f}x | {r.pair_ratio:.2f}x | {cpu} | {goal} | '
            f'{memory} |')
    return '\n'.join(lines)

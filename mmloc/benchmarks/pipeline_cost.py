# Copyright (c) mmloc contributors. All rights reserved.
"""What a config's data pipeline costs: images/s of its real dataloader
(workers included) and milliseconds per transform.

Both take a train dataloader config already pointed at data on disk
(:func:`mmloc.benchmarks.redirect_data`), build it the way the runner does
(``Runner.build_dataloader`` in mmloc's scope) and time it.
"""
import copy
import time
from typing import Dict, List, Tuple

from mmengine.registry import DefaultScope
from mmengine.runner import Runner


def _build_loader(loader_cfg: dict):
    import mmloc.datasets  # noqa: F401  (registers the transforms)
    with DefaultScope.overwrite_default_scope('mmloc'):
        return Runner.build_dataloader(copy.deepcopy(loader_cfg), seed=0)


def loader_rate(loader_cfg: dict, batches: int, warmup: int = 2) -> float:
    """Images/s the dataloader delivers over ``batches`` batches after
    ``warmup`` (worker start-up, first files): the rate a training loop
    waiting on nothing else would see."""
    loader = _build_loader(loader_cfg)
    it = iter(loader)
    for _ in range(warmup):
        next(it)
    images, start = 0, time.perf_counter()
    for _ in range(batches):
        batch = next(it)
        images += len(batch['data_samples'])
    return images / (time.perf_counter() - start)


class _Timed:
    """Stands in for a transform inside its parent's list and adds the time
    it takes to ``totals[key]``."""

    def __init__(self, transform, key: str, totals: Dict[str, float]):
        self.transform, self.key, self.totals = transform, key, totals

    def __call__(self, results):
        start = time.perf_counter()
        out = self.transform(results)
        self.totals[self.key] += time.perf_counter() - start
        return out

    def __getattr__(self, name):
        # what callers look up on the transform (``MultiImageMixDataset``:
        # ``get_indexes``) is the transform's
        if name in ('transform', 'key', 'totals'):
            raise AttributeError(name)
        return getattr(self.transform, name)


#: containers that do nothing but run their children (their own time is
#: not reported); any other transform holding children (e.g.
#: ``SaliencySwap``, which pastes before its views' pipelines run) is timed
#: as a whole and reported as its own time, its children's taken out
_PURE_CONTAINERS = ('Compose', 'MultiView', 'RandomApply', 'RandomChoice',
                    'RandomOrder')


def _instrument(container, prefix: str, totals: Dict[str, float]) -> None:
    """Wrap every leaf transform under ``container`` (lists held in
    ``transforms`` attributes: ``Compose``, ``MultiView``, ``RandomApply``)
    in :class:`_Timed`, keyed ``Parent/Child`` by class names; a container
    outside :data:`_PURE_CONTAINERS` is wrapped too, keyed by its name, and
    times itself *with* its children (:func:`transform_costs` subtracts
    them)."""
    children = getattr(container, 'transforms', None)
    if not isinstance(children, list):
        if children is not None:  # e.g. RandomApply holds one Compose
            _instrument(children, prefix, totals)
        return
    for i, child in enumerate(children):
        if isinstance(child, _Timed):  # a view's Compose shared by views
            continue
        name = type(child).__name__
        if name == 'Compose':
            _instrument(child, prefix, totals)
            continue
        key = f'{prefix}/{name}' if prefix else name
        if getattr(child, 'transforms', None) is not None:
            if name not in _PURE_CONTAINERS:
                totals.setdefault(key, 0.0)
                children[i] = _Timed(child, key, totals)
            _instrument(child, key, totals)
        else:
            totals.setdefault(key, 0.0)
            children[i] = _Timed(child, key, totals)


class _Pipeline:
    """A list pipeline (e.g. ``MultiImageMixDataset.pipeline``) seen as a
    container: :func:`_instrument` replaces its items in place."""

    def __init__(self, transforms: list):
        self.transforms = transforms


def transform_costs(loader_cfg: dict, samples: int) -> List[Tuple[str, float]]:
    """Mean milliseconds per sample of each leaf transform of the dataset's
    pipelines (``MultiView/RandomResizedCrop``: summed over the views; a
    ``RandomApply``'s child only when it was applied), run in this process
    on the first ``samples`` samples, in pipeline order.

    A wrapper's pipeline and its inner dataset's are both timed and the
    samples are drawn from the wrapper, so what it repeats is counted each
    time (``MultiImageMixDataset`` + ``SaliencySwap``: the inner loading
    pipeline runs for the sample and each partner)."""
    loader = _build_loader(
        dict(loader_cfg, num_workers=0, persistent_workers=False))
    dataset = loader.dataset
    levels = []  # wrapper first
    level = dataset
    while level is not None:
        levels.append(level)
        level = getattr(level, 'dataset', None)
    totals: Dict[str, float] = {}
    for level in reversed(levels):  # the inner pipeline runs first
        pipeline = getattr(level, 'pipeline', None)
        if isinstance(pipeline, list):
            pipeline = _Pipeline(pipeline)
        if pipeline is not None:
            _instrument(pipeline, '', totals)
    for i in range(samples):
        dataset[i % len(dataset)]
    return [(key, 1000 * total / samples)
            for key, total in _own_times(totals).items()]


def _own_times(totals: Dict[str, float]) -> Dict[str, float]:
    """``totals`` with each timed container's time less the time of the
    keys it holds (those whose nearest timed ancestor it is)."""
    own = dict(totals)
    for key, total in totals.items():
        parts = key.split('/')
        for n in range(len(parts) - 1, 0, -1):
            parent = '/'.join(parts[:n])
            if parent in totals:
                own[parent] -= total
                break
    return own

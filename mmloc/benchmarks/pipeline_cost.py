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


def _instrument(container, prefix: str, totals: Dict[str, float]) -> None:
    """Wrap every leaf transform under ``container`` (lists held in
    ``transforms`` attributes: ``Compose``, ``MultiView``, ``RandomApply``)
    in :class:`_Timed`, keyed ``Parent/Child`` by class names."""
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
            _instrument(child, key, totals)
        else:
            totals.setdefault(key, 0.0)
            children[i] = _Timed(child, key, totals)


def transform_costs(loader_cfg: dict, samples: int) -> List[Tuple[str, float]]:
    """Mean milliseconds per sample of each leaf transform of the dataset's
    pipeline (``MultiView/RandomResizedCrop``: summed over the views; a
    ``RandomApply``'s child only when it was applied), run in this process
    on the first ``samples`` images, in pipeline order."""
    loader = _build_loader(
        dict(loader_cfg, num_workers=0, persistent_workers=False))
    dataset = loader.dataset
    while not hasattr(dataset, 'pipeline') and hasattr(dataset, 'dataset'):
        dataset = dataset.dataset  # wrappers
    totals: Dict[str, float] = {}
    _instrument(dataset.pipeline, '', totals)
    for i in range(samples):
        dataset.pipeline(dataset.get_data_info(i % len(dataset)))
    return [(key, 1000 * total / samples) for key, total in totals.items()]

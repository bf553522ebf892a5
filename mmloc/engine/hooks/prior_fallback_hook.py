# Copyright (c) mmloc contributors. All rights reserved.
"""Totals and logs the counted fallbacks of the prior transforms."""
from collections import Counter
from typing import Optional, Sequence

from mmengine.dist import all_gather_object, is_distributed
from mmengine.hooks import Hook

from mmloc.datasets.transforms.fallbacks import FALLBACK_KEY
from mmloc.registry import HOOKS


@HOOKS.register_module()
class PriorFallbackHook(Hook):
    """Reports how often the prior transforms fell back, over all ranks.

    Transforms run in dataloader workers, so their own counters never reach
    the trainer; instead each sample carries ``prior_fallbacks`` in its
    metainfo (see ``mmloc.datasets.transforms.fallbacks``). This hook sums
    them per training iteration and, every ``interval`` iterations and at the
    end of each epoch, logs the running totals with their rate per sample
    seen (a per-view fallback can exceed 100 %: two views, two events), e.g.::

        prior fallbacks after 6400 samples: LoadSaliencyMap.missing 12
        (0.19%), SaliencyConstrainedCrop.bbox 301 (4.70%)

    Nothing is logged while no fallback happened.

    Args:
        interval (int): logging interval in iterations. Defaults to 50.
    """

    priority = 'LOW'

    def __init__(self, interval: int = 50) -> None:
        self.interval = interval
        self.totals: Counter = Counter()
        self.samples = 0

    def after_train_iter(self, runner, batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        samples: Sequence = (data_batch or {}).get('data_samples') or []
        self.samples += len(samples)
        for sample in samples:
            self.totals.update(sample.metainfo.get(FALLBACK_KEY, {}))
        if self.every_n_train_iters(runner, self.interval):
            self._report(runner)

    def after_train_epoch(self, runner) -> None:
        self._report(runner)

    def _report(self, runner) -> None:
        totals, samples = self.totals, self.samples
        if is_distributed():
            gathered = all_gather_object((dict(totals), samples))
            totals = sum((Counter(t) for t, _ in gathered), Counter())
            samples = sum(n for _, n in gathered)
        if totals:
            parts = ', '.join(f'{name} {count} ({100 * count / samples:.2f}%)'
                              for name, count in sorted(totals.items()))
            runner.logger.info(
                f'prior fallbacks after {samples} samples: {parts}')

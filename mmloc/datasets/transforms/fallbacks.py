# Copyright (c) mmloc contributors. All rights reserved.
"""Counted fallbacks of prior-aware transforms.

A transform that cannot apply its prior (missing saliency file, empty
saliency map, no crop satisfying the cover constraint...) may degrade to a
documented fallback instead of failing. Each such event is

- added to the transform's own ``fallback_counts`` (a ``Counter``, handy in
  tests and benchmarks), and
- recorded in ``results['prior_fallbacks']`` (``{name: count}``), which
  :class:`PackLocInputs` copies into the data sample's metainfo so that
  :class:`PriorFallbackHook` can total them in the main process (transforms
  run in dataloader workers, whose counters the trainer never sees).

Names are ``'<Transform>.<reason>'``, e.g. ``'LoadSaliencyMap.missing'``.
"""
from collections import Counter
from typing import Dict

FALLBACK_KEY = 'prior_fallbacks'


def record_fallback(results: dict, name: str, count: int = 1) -> None:
    """Add ``count`` events called ``name`` to ``results['prior_fallbacks']``."""
    fallbacks = results.setdefault(FALLBACK_KEY, {})
    fallbacks[name] = fallbacks.get(name, 0) + count


def merge_view_fallbacks(base: Dict[str, int],
                         views: list) -> Dict[str, int]:
    """Total of ``base`` plus what each view's pipeline added to it.

    Every view starts from a deep copy of the same results, so each view's
    dict already contains ``base``; counting it once avoids multiplying the
    events recorded before the views were split (e.g. a missing file).
    """
    total = Counter(base)
    for view in views:
        for name, count in view.get(FALLBACK_KEY, {}).items():
            total[name] += count - base.get(name, 0)
    return {k: v for k, v in total.items() if v}


class FallbackCounterMixin:
    """Gives a transform ``fallback_counts`` and :meth:`_fallback`."""

    @property
    def fallback_counts(self) -> Counter:
        if not hasattr(self, '_fallback_counts'):
            self._fallback_counts = Counter()
        return self._fallback_counts

    def _fallback(self, results: dict, reason: str) -> None:
        name = f'{type(self).__name__}.{reason}'
        self.fallback_counts[name] += 1
        record_fallback(results, name)

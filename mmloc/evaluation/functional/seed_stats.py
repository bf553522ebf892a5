# Copyright (c) mmloc contributors. All rights reserved.
"""Confidence intervals over a handful of seeds.

With 3 seeds a standard deviation says little; the evidence experiment
reports Student-t intervals of the mean, and compares a method with its
baseline by the *paired* difference (same seed: same data order, same
initialisation), which removes the seed-to-seed variation both arms share.
"""
import math
from dataclasses import dataclass
from typing import Sequence

from scipy import stats


@dataclass(frozen=True)
class Interval:
    """A mean and the half-width of its confidence interval.

    ``half_width`` is ``nan`` for fewer than 2 values (no spread to
    estimate)."""
    mean: float
    half_width: float
    n: int

    @property
    def low(self) -> float:
        return self.mean - self.half_width

    @property
    def high(self) -> float:
        return self.mean + self.half_width

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly on one side of 0 (a two-sided
        test at the interval's level rejects "no difference")."""
        return not math.isnan(self.half_width) and (self.low > 0
                                                    or self.high < 0)


def t_interval(values: Sequence[float], confidence: float = 0.95) -> Interval:
    """Student-t confidence interval of the mean of ``values``.

    ``mean +- t_{(1+confidence)/2, n-1} * s / sqrt(n)`` with ``s`` the
    sample standard deviation (``n - 1`` denominator).

    Args:
        values (Sequence[float]): One value per seed, n >= 1.
        confidence (float): Coverage in (0, 1). Defaults to 0.95.

    Returns:
        Interval: The mean, half-width (``nan`` if n < 2) and n.
    """
    n = len(values)
    if n == 0:
        raise ValueError('t_interval needs at least one value')
    if not 0 < confidence < 1:
        raise ValueError(f'confidence must be in (0, 1), got {confidence}')
    mean = sum(values) / n
    if n < 2:
        return Interval(mean, math.nan, n)
    std = math.sqrt(sum((v - mean)**2 for v in values) / (n - 1))
    t = stats.t.ppf((1 + confidence) / 2, df=n - 1)
    return Interval(mean, t * std / math.sqrt(n), n)


def paired_difference(method: Sequence[float],
                      baseline: Sequence[float],
                      confidence: float = 0.95) -> Interval:
    """t interval of the per-seed differences ``method[i] - baseline[i]``.

    Args:
        method, baseline (Sequence[float]): Values of the same seeds, in
            the same order.
        confidence (float): Coverage. Defaults to 0.95.

    Returns:
        Interval: Of the mean difference; ``excludes_zero`` is the paired
        t-test's verdict at level ``1 - confidence``.
    """
    if len(method) != len(baseline):
        raise ValueError(f'paired values need the same seeds: {len(method)} '
                         f'vs {len(baseline)} values')
    return t_interval([m - b for m, b in zip(method, baseline)], confidence)

# Copyright (c) mmloc contributors. All rights reserved.
import math

import pytest

from mmloc.evaluation.functional import paired_difference, t_interval


def test_t_interval_hand_computed():
    # mean 2, s = 1, n = 3: t_{0.975, 2} = 4.302653 (statistics tables)
    iv = t_interval([1.0, 2.0, 3.0])
    assert iv.mean == pytest.approx(2.0)
    assert iv.half_width == pytest.approx(4.302653 / math.sqrt(3), rel=1e-6)
    assert iv.n == 3
    assert not iv.excludes_zero  # [-0.48, 4.48]


def test_t_interval_levels_and_degenerate_cases():
    # t_{0.95, 2} = 2.919986: a 90 % interval
    assert t_interval([1.0, 2.0, 3.0], 0.9).half_width == pytest.approx(
        2.919986 / math.sqrt(3), rel=1e-6)
    single = t_interval([5.0])
    assert single.mean == 5.0 and math.isnan(single.half_width)
    assert not single.excludes_zero
    constant = t_interval([2.0, 2.0, 2.0])
    assert constant.half_width == 0.0 and constant.excludes_zero
    with pytest.raises(ValueError, match='at least one'):
        t_interval([])
    with pytest.raises(ValueError, match='confidence'):
        t_interval([1.0, 2.0], 1.5)


def test_paired_difference_removes_shared_seed_variation():
    # the seeds move both arms alike: unpaired intervals overlap, the paired
    # difference (always +1 +- 0.1) is clearly positive
    base = [10.0, 20.0, 30.0]
    method = [11.1, 21.0, 30.9]
    assert t_interval(method).low < t_interval(base).high
    diff = paired_difference(method, base)
    assert diff.mean == pytest.approx(1.0)
    # differences 1.1, 1.0, 0.9: s = 0.1
    assert diff.half_width == pytest.approx(4.302653 * 0.1 / math.sqrt(3),
                                            rel=1e-5)
    assert diff.excludes_zero and diff.low > 0
    assert paired_difference(base, method).high < 0
    with pytest.raises(ValueError, match='same seeds'):
        paired_difference([1.0], [1.0, 2.0])

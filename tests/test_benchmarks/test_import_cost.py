# Copyright (c) mmloc contributors. All rights reserved.
import pytest

from mmloc.benchmarks.import_cost import import_cost_table, import_seconds


def test_import_seconds_times_the_statement_not_the_interpreter():
    slow = import_seconds('import time; time.sleep(0.2)', repeats=1)
    fast = import_seconds('import json', repeats=1)
    assert 0.2 <= slow < 5 and fast < slow


def test_a_failing_import_is_named():
    with pytest.raises(
            RuntimeError,
            match="'import no_such_mod' failed: "
            'ModuleNotFoundError'):
        import_seconds('import no_such_mod', repeats=1)


def test_rows_are_ratios_to_the_first():
    rows = import_cost_table((('floor', 'import time; time.sleep(0.1)'),
                              ('twice', 'import time; time.sleep(0.2)')),
                             repeats=1)
    (_, floor, one), (_, twice, ratio) = rows
    assert one == 1.0 and ratio == pytest.approx(twice / floor)
    assert 1.3 < ratio < 3

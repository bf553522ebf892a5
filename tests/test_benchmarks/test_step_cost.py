# Copyright (c) mmloc contributors. All rights reserved.
import pytest
import torch

from mmloc.benchmarks import (METHODS, StepCost, measure_step_cost,
                              step_cost_table)


def _cost(**kw):
    base = dict(
        method='cast-byol',
        baseline='byol',
        arch='r18',
        size=64,
        batch=8,
        device='cpu',
        amp=None,
        channels_last=False,
        threads=1,
        steps=2,
        warmup=1,
        seconds=(0.4, 0.5),
        pair_ratio=1.3,
        goal=1.25,
        rss_gib=[('start', 0.5), ('end', 1.5)])
    base.update(kw)
    return StepCost(**base)


def test_derived_figures():
    c = _cost()
    assert c.ratio == pytest.approx(1.25)
    assert c.images_per_s == (pytest.approx(20), pytest.approx(16))
    assert c.meets_goal is True  # 1.25 <= 1.25
    assert _cost(seconds=(0.4, 0.6)).meets_goal is False
    assert _cost(goal=None).meets_goal is None
    d = c.to_dict()
    assert d['ratio'] == pytest.approx(1.25) and d['meets_goal'] is True
    assert d['seconds'] == (0.4, 0.5)


def test_table_rows():
    cpu = _cost(cpu_seconds=(0.8, 1.2))
    cuda = _cost(
        method='detconb',
        device='cuda',
        seconds=(0.2, 0.3),
        goal=1.10,
        peak_gib=(10.0, 12.5),
        step_gib=(8.0, 10.0),
        rss_gib=[])
    lines = step_cost_table([cpu, cuda]).splitlines()
    assert len(lines) == 4
    assert lines[2] == ('| cast-byol | byol | 0.400 | 0.500 | 16.0 | 1.25x | '
                        '1.30x | 1.50x | <= 1.25x met | 1.50 GiB (process '
                        'RSS) |')
    assert lines[3] == ('| detconb | byol | 0.200 | 0.300 | 26.7 | 1.50x | '
                        '1.30x |  | <= 1.10x **missed** | 10.00 / 12.50 GiB '
                        '(CUDA, baseline / method) |')


def test_goals_are_the_issue_goals():
    goals = {k: m.goal for k, m in METHODS.items()}
    assert goals == {
        'cast-mocov2': 1.25,
        'cast-simclr': 1.25,
        'cast-byol': 1.25,
        'detconb': 1.10,
        'detcons': 1.10,
        'cvsa': 1.10
    }


def test_measure_tiny_channels_last():
    c = measure_step_cost(
        'cast-mocov2',
        'r18',
        32,
        2,
        'cpu',
        steps=2,
        warmup=0,
        channels_last=True,
        threads=1)
    assert (c.method, c.baseline, c.goal) == ('cast-mocov2', 'mocov2', 1.25)
    assert c.channels_last and c.threads == 1 and c.amp is None
    assert len(c.seconds) == 2 and min(c.seconds) > 0
    assert len(c.cpu_seconds) == 2 and c.peak_gib is None
    assert [k for k, _ in c.rss_gib][:2] == ['start', 'models + inputs']


def test_bad_requests():
    with pytest.raises(KeyError):
        measure_step_cost('no-such-method')
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match='no CUDA device'):
            measure_step_cost('cvsa', device='cuda')

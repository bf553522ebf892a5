# Copyright (c) mmloc contributors. All rights reserved.
from types import SimpleNamespace

from mmpretrain.structures import DataSample

from mmloc.engine import PriorFallbackHook


class _Logger:
    def __init__(self):
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)


def _batch(*fallbacks):
    samples = []
    for fb in fallbacks:
        s = DataSample()
        if fb:
            s.set_metainfo(dict(prior_fallbacks=fb))
        samples.append(s)
    return dict(inputs=[], data_samples=samples)


def test_totals_and_rates_are_logged_at_interval_and_epoch_end():
    hook = PriorFallbackHook(interval=2)
    runner = SimpleNamespace(iter=0, logger=_Logger())
    hook.after_train_iter(runner, 0, _batch(
        {'LoadSaliencyMap.missing': 1}, {}, {}, {}))
    assert runner.logger.lines == []  # iteration 1: not a logging step
    runner.iter = 1
    hook.after_train_iter(runner, 1, _batch(
        {'LoadSaliencyMap.missing': 1,
         'SaliencyConstrainedCrop.empty_saliency': 2}, {}, {}, {}))
    assert runner.logger.lines == [
        'prior fallbacks after 8 samples: LoadSaliencyMap.missing 2 '
        '(25.00%), SaliencyConstrainedCrop.empty_saliency 2 (25.00%)']
    hook.after_train_epoch(runner)
    assert len(runner.logger.lines) == 2


def test_silent_without_fallbacks():
    hook = PriorFallbackHook(interval=1)
    runner = SimpleNamespace(iter=0, logger=_Logger())
    hook.after_train_iter(runner, 0, _batch({}, {}))
    hook.after_train_epoch(runner)
    assert runner.logger.lines == []

# Copyright (c) mmloc contributors. All rights reserved.
from types import SimpleNamespace

import pytest
import torch

from mmloc.engine import CheckInvalidLossHook


def _runner(iteration):
    return SimpleNamespace(iter=iteration, epoch=0)


def test_names_iteration_and_term():
    hook = CheckInvalidLossHook(interval=1)
    outputs = dict(
        loss=torch.tensor(float('nan')),
        loss_contrastive=torch.tensor(0.7),
        loss_cast=torch.tensor(float('nan')))
    with pytest.raises(FloatingPointError) as err:
        hook.after_train_iter(_runner(41), 0, outputs=outputs)
    message = str(err.value)
    assert 'iteration 42' in message
    assert 'loss_cast=nan' in message and 'loss=nan' in message
    assert 'loss_contrastive' not in message


def test_finite_losses_pass_and_interval_is_respected():
    hook = CheckInvalidLossHook(interval=10)
    finite = dict(loss=torch.tensor(1.0), loss_x=torch.tensor(2.0))
    hook.after_train_iter(_runner(9), 0, outputs=finite)
    bad = dict(loss=torch.tensor(float('inf')))
    hook.after_train_iter(_runner(4), 0, outputs=bad)  # not a check step
    with pytest.raises(FloatingPointError, match='iteration 10'):
        hook.after_train_iter(_runner(9), 0, outputs=bad)

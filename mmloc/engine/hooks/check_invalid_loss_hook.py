# Copyright (c) mmloc contributors. All rights reserved.
"""Stop training at the first non-finite loss, naming the iteration and term."""
from typing import Optional

import torch
from mmdet.engine.hooks import CheckInvalidLossHook as _MMDetCheckInvalidLoss

from mmloc.registry import HOOKS


@HOOKS.register_module()
class CheckInvalidLossHook(_MMDetCheckInvalidLoss):
    """mmdet's ``CheckInvalidLossHook``, with a message that says what broke.

    mmdet's hook asserts on the summed ``loss`` only and its assertion message
    is empty. This one checks every logged loss term (``loss`` and each
    ``loss_*`` the model returned) and raises ``FloatingPointError`` naming
    the iteration and the offending terms, so a NaN in, say, the CAST term
    is told apart from one in the contrastive term.

    Args:
        interval (int): Check every ``interval`` iterations. Defaults to 1:
            a check on a few scalars is negligible next to a training step,
            and a larger interval reports a later iteration than the first
            bad one.
    """

    def __init__(self, interval: int = 1) -> None:
        super().__init__(interval=interval)

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch: Optional[dict] = None,
                         outputs: Optional[dict] = None) -> None:
        if not outputs or not self.every_n_train_iters(runner, self.interval):
            return
        bad = {
            name: float(value)
            for name, value in outputs.items() if name.startswith('loss')
            and torch.is_tensor(value) and not torch.isfinite(value).all()
        }
        if bad:
            terms = ', '.join(f'{k}={v}' for k, v in bad.items())
            raise FloatingPointError(
                f'Non-finite loss at iteration {runner.iter + 1} '
                f'(epoch {runner.epoch + 1}): {terms}. Lower the learning '
                'rate, enable gradient clipping, or check the inputs.')

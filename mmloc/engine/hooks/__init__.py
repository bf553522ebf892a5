# Copyright (c) mmloc contributors. All rights reserved.
from .check_invalid_loss_hook import CheckInvalidLossHook

__all__ = ['CheckInvalidLossHook']

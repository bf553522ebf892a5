# Copyright (c) mmloc contributors. All rights reserved.
from .cast_loss import CASTLoss, cast_loss

__all__ = ['CASTLoss', 'cast_loss']

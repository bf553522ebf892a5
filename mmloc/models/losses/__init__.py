# Copyright (c) mmloc contributors. All rights reserved.
from .cast_loss import CASTLoss, cast_loss
from .detcon_loss import DetConLoss, detcon_loss

__all__ = ['CASTLoss', 'cast_loss', 'DetConLoss', 'detcon_loss']

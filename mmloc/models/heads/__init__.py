# Copyright (c) mmloc contributors. All rights reserved.
from .detcon_head import DetConHead

__all__ = ['DetConHead']

# Copyright (c) mmloc contributors. All rights reserved.
from .detcon_neck import DetConNeck

__all__ = ['DetConNeck']

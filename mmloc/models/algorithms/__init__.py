# Copyright (c) mmloc contributors. All rights reserved.
from .cast import add_cast
from .cvsa import CVSA
from .detcon import DetConB, DetConS

__all__ = ['add_cast', 'CVSA', 'DetConB', 'DetConS']

# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon (Hénaff et al. 2021): contrastive detection over segment masks."""
from .base import DetConMixin, step_generator
from .detconb import DetConB
from .detcons import DetConS

__all__ = ['DetConMixin', 'DetConB', 'DetConS', 'step_generator']

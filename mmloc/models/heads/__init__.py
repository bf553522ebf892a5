# Copyright (c) mmloc contributors. All rights reserved.
from .cvsa_head import CVSAHead
from .detcon_head import DetConHead

__all__ = ['CVSAHead', 'DetConHead']

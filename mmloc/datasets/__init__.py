# Copyright (c) mmloc contributors. All rights reserved.
import mmpretrain.datasets  # noqa: F401

from .dataset_wrappers import MultiImageMixDataset
from .transforms import *  # noqa: F401,F403

__all__ = ['MultiImageMixDataset']

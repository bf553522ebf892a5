# Copyright (c) mmloc contributors. All rights reserved.
from .data_preprocessor import LocDataPreprocessor
from .gather import concat_all_gather
from .grad_cam import grad_cam
from .mask_pool import mask_pool
from .priors import stack_priors
from .sample_masks import grid_masks, sample_masks

__all__ = [
    'LocDataPreprocessor', 'concat_all_gather', 'grad_cam', 'grid_masks',
    'mask_pool', 'sample_masks', 'stack_priors'
]

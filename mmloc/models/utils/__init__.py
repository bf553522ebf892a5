# Copyright (c) mmloc contributors. All rights reserved.
from .data_preprocessor import LocDataPreprocessor
from .grad_cam import grad_cam
from .priors import stack_priors

__all__ = ['LocDataPreprocessor', 'grad_cam', 'stack_priors']

# Copyright (c) mmloc contributors. All rights reserved.
from .data_preprocessor import LocDataPreprocessor
from .priors import stack_priors

__all__ = ['LocDataPreprocessor', 'stack_priors']

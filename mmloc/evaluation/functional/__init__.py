# Copyright (c) mmloc contributors. All rights reserved.
from .knn import knn_classify, topk_accuracy
from .linear_probe import LinearProbe, fit_linear_probe

__all__ = ['knn_classify', 'topk_accuracy', 'LinearProbe', 'fit_linear_probe']

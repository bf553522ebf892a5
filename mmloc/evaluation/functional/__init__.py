# Copyright (c) mmloc contributors. All rights reserved.
from .knn import knn_classify, topk_accuracy

__all__ = ['knn_classify', 'topk_accuracy']

# Copyright (c) mmloc contributors. All rights reserved.
from .fh_agreement import FHAgreement, fh_agreement, grid_ids
from .knn import knn_classify, topk_accuracy
from .linear_probe import LinearProbe, fit_linear_probe
from .seed_stats import Interval, paired_difference, t_interval

__all__ = [
    'knn_classify', 'topk_accuracy', 'LinearProbe', 'fit_linear_probe',
    'Interval', 't_interval', 'paired_difference', 'FHAgreement',
    'fh_agreement', 'grid_ids'
]

# Copyright (c) mmloc contributors. All rights reserved.
"""Frozen-backbone features of a dataset, for kNN and probing."""
from typing import Tuple

import torch
import torch.nn as nn
from mmengine.model import BaseDataPreprocessor
from torch.utils.data import DataLoader
from tqdm import tqdm


@torch.no_grad()
def extract_features(backbone: nn.Module,
                     preprocessor: BaseDataPreprocessor,
                     loader: DataLoader,
                     desc: str = 'features',
                     progress: bool = True) -> Tuple[torch.Tensor,
                                                      torch.Tensor]:
    """Global-average-pooled last-stage features and labels of ``loader``.

    Args:
        backbone (nn.Module): In eval mode; returns a tuple of stage outputs,
            the last of shape (B, C, h, w).
        preprocessor (BaseDataPreprocessor): Normalises and batches the
            packed inputs (e.g. ``ClsDataPreprocessor``).
        loader (DataLoader): Yields mmpretrain packed samples with labels.
        desc (str): Progress-bar label.
        progress (bool): Show a progress bar (a training log, where a
            monitor calls this, is better off without one).

    Returns:
        tuple: features (N, C) float32 and labels (N,) int64.
    """
    feats, labels = [], []
    for batch in tqdm(loader, desc=desc, leave=False, disable=not progress):
        data = preprocessor(batch, training=False)
        last = backbone(data['inputs'])[-1]
        feats.append(last.mean(dim=(2, 3)).float().cpu())
        labels.append(
            torch.cat([s.gt_label for s in data['data_samples']]).cpu())
    return torch.cat(feats), torch.cat(labels)

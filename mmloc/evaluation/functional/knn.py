# Copyright (c) mmloc contributors. All rights reserved.
"""Weighted k-nearest-neighbour classification of frozen features.

The protocol of Wu et al. 2018 (InstDisc), used by DINO and mmselfsup: each
query votes with its ``k`` most cosine-similar memory-bank samples, each
neighbour weighted by ``exp(similarity / temperature)``.
"""
from typing import Dict, Sequence

import torch
import torch.nn.functional as F


@torch.no_grad()
def knn_classify(train_feats: torch.Tensor,
                 train_labels: torch.Tensor,
                 test_feats: torch.Tensor,
                 num_classes: int,
                 k: int = 20,
                 temperature: float = 0.07,
                 chunk_size: int = 1024) -> torch.Tensor:
    """Class scores of ``test_feats`` by a weighted kNN vote.

    Args:
        train_feats (Tensor): Memory bank, shape (N, C). L2-normalised here.
        train_labels (Tensor): Labels of the bank, shape (N,), int64.
        test_feats (Tensor): Queries, shape (M, C). L2-normalised here.
        num_classes (int): Number of classes K.
        k (int): Neighbours per query (clipped to N). Defaults to 20.
        temperature (float): Vote temperature. Defaults to 0.07.
        chunk_size (int): Queries per matrix product, bounding memory to
            ``chunk_size x N``. Defaults to 1024.

    Returns:
        Tensor: Scores, shape (M, K); ``argmax(-1)`` is the prediction.
    """
    if train_feats.shape[0] != train_labels.shape[0]:
        raise ValueError(f'{train_feats.shape[0]} bank features but '
                         f'{train_labels.shape[0]} labels')
    bank = F.normalize(train_feats.float(), dim=1)
    queries = F.normalize(test_feats.float(), dim=1)
    k = min(k, bank.shape[0])
    scores = []
    for start in range(0, queries.shape[0], chunk_size):
        sim = queries[start:start + chunk_size] @ bank.t()  # (m, N)
        top_sim, top_idx = sim.topk(k, dim=1)  # (m, k)
        votes = F.one_hot(train_labels[top_idx], num_classes).float()
        weights = (top_sim / temperature).exp().unsqueeze(-1)  # (m, k, 1)
        scores.append((votes * weights).sum(dim=1))
    return torch.cat(scores)


def topk_accuracy(scores: torch.Tensor, labels: torch.Tensor,
                  topk: Sequence[int] = (1, 5)) -> Dict[str, float]:
    """Top-k accuracies in percent.

    Args:
        scores (Tensor): Class scores, shape (M, K).
        labels (Tensor): Ground truth, shape (M,).
        topk (Sequence[int]): Which k to report; k > K is skipped.

    Returns:
        dict: ``{'top1': ..., 'top5': ...}``.
    """
    result = {}
    for k in topk:
        if k > scores.shape[1]:
            continue
        hit = (scores.topk(k, dim=1).indices == labels[:, None]).any(dim=1)
        result[f'top{k}'] = hit.float().mean().item() * 100
    return result

# Copyright (c) mmloc contributors. All rights reserved.
"""Linear probe on frozen features: multinomial logistic regression.

The feature-level protocol of SimCLR / BYOL's appendix (an L2-regularised
logistic regression fit to convergence with L-BFGS on pre-extracted,
un-augmented features), which is deterministic and takes seconds: the
choice when many backbones are compared. mmpretrain's ``*-linear-*``
configs train the same classifier with SGD and augmentation instead.
"""
from typing import Tuple

import torch
import torch.nn.functional as F


class LinearProbe:
    """A softmax classifier on standardised features.

    Args:
        weight (Tensor): (K, C) class weights.
        bias (Tensor): (K,) class biases.
        mean (Tensor): (C,) feature mean of the training set.
        std (Tensor): (C,) feature standard deviation (floored at 1e-6).
    """

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor,
                 mean: torch.Tensor, std: torch.Tensor) -> None:
        self.weight, self.bias = weight, bias
        self.mean, self.std = mean, std

    @torch.no_grad()
    def scores(self, feats: torch.Tensor) -> torch.Tensor:
        """Class logits (M, K) of features (M, C)."""
        x = (feats.float() - self.mean) / self.std
        return x @ self.weight.t() + self.bias

    def predict(self, feats: torch.Tensor) -> torch.Tensor:
        """Predicted classes (M,) int64 of features (M, C)."""
        return self.scores(feats).argmax(dim=1)


def _standardise(feats: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    mean = feats.mean(dim=0)
    std = feats.std(dim=0, unbiased=False).clamp_min(1e-6)
    return mean, std


def fit_linear_probe(feats: torch.Tensor,
                     labels: torch.Tensor,
                     num_classes: int,
                     weight_decay: float = 1e-4,
                     max_iter: int = 500) -> LinearProbe:
    """Fit ``softmax(W x + b)`` by L-BFGS on the mean cross-entropy plus
    ``weight_decay / 2 * ||W||^2`` (a strictly convex problem: the result
    does not depend on a seed).

    Args:
        feats (Tensor): Training features, shape (N, C).
        labels (Tensor): Their classes, shape (N,), int64 in [0, K).
        num_classes (int): K.
        weight_decay (float): L2 strength on ``W`` (not on ``b``).
        max_iter (int): L-BFGS iterations.

    Returns:
        LinearProbe: The fitted classifier.
    """
    if feats.shape[0] != labels.shape[0]:
        raise ValueError(f'{feats.shape[0]} features but '
                         f'{labels.shape[0]} labels')
    feats = feats.double()
    mean, std = _standardise(feats)
    x = (feats - mean) / std
    weight = torch.zeros(num_classes, x.shape[1], dtype=x.dtype,
                         requires_grad=True)
    bias = torch.zeros(num_classes, dtype=x.dtype, requires_grad=True)
    opt = torch.optim.LBFGS([weight, bias],
                            lr=1.0,
                            max_iter=max_iter,
                            tolerance_grad=1e-9,
                            tolerance_change=1e-12,
                            history_size=20,
                            line_search_fn='strong_wolfe')

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = F.cross_entropy(x @ weight.t() + bias, labels)
        loss = loss + 0.5 * weight_decay * weight.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return LinearProbe(weight.detach().float(), bias.detach().float(),
                       mean.float(), std.float())

# Copyright (c) mmloc contributors. All rights reserved.
from typing import Callable

import pytest
import torch
import torch.nn as nn


class RecordingLoss(nn.Module):
    """A loss module that records its arguments and returns 0."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = []

    def forward(self, *args) -> torch.Tensor:
        self.calls.append(args)
        return torch.zeros(())


@pytest.fixture
def recording_loss() -> Callable[[], RecordingLoss]:
    """``recording_loss()``: a new :class:`RecordingLoss`."""
    return RecordingLoss


def _pool_by_hand(feats: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """``(N, S, C)`` float64 mean of ``feats`` over each binary mask's
    cells, zeros for an empty mask."""
    n, c, h, w = feats.shape
    s = masks.shape[1]
    out = torch.zeros(n, s, c, dtype=torch.float64)
    for b in range(n):
        for k in range(s):
            cells = [(i, j) for i in range(h) for j in range(w)
                     if masks[b, k, i, j] > 0]
            for i, j in cells:
                out[b, k] += feats[b, :, i, j].double()
            if cells:
                out[b, k] /= len(cells)
    return out


def _random_masks(n: int, s: int, h: int, w: int,
                  gen: torch.Generator) -> torch.Tensor:
    return (torch.rand(n, s, h, w, generator=gen) < 0.4).float()


@pytest.fixture
def pool_by_hand() -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """``pool_by_hand(feats, masks)``: mask pooling by loops (float64)."""
    return _pool_by_hand


@pytest.fixture
def random_masks() -> Callable[..., torch.Tensor]:
    """``random_masks(n, s, h, w, gen)``: binary float masks, each cell on
    with probability 0.4."""
    return _random_masks

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

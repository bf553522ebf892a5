# Copyright (c) mmloc contributors. All rights reserved.
"""An image shared by the prior generator tests."""
import numpy as np
import pytest


@pytest.fixture
def halves() -> np.ndarray:
    """64 x 64 BGR image: black left half, white right half."""
    img = np.zeros((64, 64, 3), np.uint8)
    img[:, 32:] = 255
    return img

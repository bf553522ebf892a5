# Copyright (c) mmloc contributors. All rights reserved.
"""What the writer tests read back from the shared generated sets
(``../conftest.py``): their counts and a few readers, as one fixture."""
import os.path as osp

import cv2
import numpy as np
import pytest


class WrittenSet:
    """Counts of the shared sets (10 classes, ``num_per_class`` images per
    class and split) and helpers to read what a writer wrote."""

    load = dict(type='LoadImageFromFile')

    def __init__(self, num_per_class: int) -> None:
        self.num_per_class = num_per_class
        self.num_images = 10 * num_per_class

    @staticmethod
    def index(path: str) -> int:
        """The sample index in a written file name ``..._<index>.<ext>``."""
        return int(osp.splitext(osp.basename(path))[0].rsplit('_', 1)[1])

    def assert_balanced(self, labels) -> None:
        assert np.bincount(
            labels, minlength=10).tolist() == [self.num_per_class] * 10

    @staticmethod
    def iou(a: np.ndarray, b: np.ndarray) -> float:
        return (a & b).sum() / max((a | b).sum(), 1)

    @staticmethod
    def read_rgb(path: str) -> np.ndarray:
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        assert img is not None, path
        return img[..., ::-1]


@pytest.fixture(scope='session')
def written(png_data) -> WrittenSet:
    """:class:`WrittenSet` of the shared sets (all share ``png_data``'s
    counts)."""
    return WrittenSet(png_data.num_per_class)

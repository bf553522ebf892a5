# Copyright (c) mmloc contributors. All rights reserved.
"""The SyntheticSample container's derived masks."""
import numpy as np

from mmloc.datasets.synthetic import SyntheticSample


def _sample():
    inst = np.array([[0, 1, 1], [2, 2, 0]], np.int32)
    zeros = np.zeros((2, 3, 3), np.uint8)
    return SyntheticSample(
        img=zeros,
        background=zeros,
        foreground=zeros,
        semantic=np.array([[0, 4, 4], [8, 8, 0]], np.uint8),
        instances=inst,
        labels=np.array([3, 7]),
        boxes=np.array([[1, 0, 3, 1], [0, 1, 2, 2]], np.float32),
        family=5,
        label=7)


def test_masks_from_the_instance_map():
    s = _sample()
    assert s.num_instances == 2
    np.testing.assert_array_equal(s.fg_mask, [[0, 1, 1], [1, 1, 0]])
    masks = s.instance_masks()
    assert masks.shape == (2, 2, 3) and masks.dtype == bool
    np.testing.assert_array_equal(masks[0], [[0, 1, 1], [0, 0, 0]])
    np.testing.assert_array_equal(masks[1], [[0, 0, 0], [1, 1, 0]])
    # the main object is the last painted one
    np.testing.assert_array_equal(s.main_mask(), masks[1])

# Copyright (c) mmloc contributors. All rights reserved.
import numpy as np
import pytest
import torch

from mmloc.models.losses import CASTLoss, cast_loss
from mmloc.registry import MODELS


def _cos(a, b):
    a, b = np.ravel(a), np.ravel(b)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_batch_and_sample_reductions_match_the_formula():
    rng = np.random.default_rng(0)
    cam = rng.random((3, 4, 4))
    sal = rng.random((3, 1, 4, 4))   # already at the grid size: no resize
    batch = cast_loss(torch.tensor(cam), torch.tensor(sal), 'batch')
    assert batch.item() == pytest.approx(1 - _cos(cam, sal), abs=1e-9)
    sample = cast_loss(torch.tensor(cam), torch.tensor(sal), 'sample')
    expected = np.mean([1 - _cos(cam[i], sal[i]) for i in range(3)])
    assert sample.item() == pytest.approx(expected, abs=1e-9)
    # the two reductions differ in general (the reference uses 'batch')
    assert abs(batch.item() - sample.item()) > 1e-4


def test_saliency_is_resized_bilinear_align_corners():
    # 2x2 -> 3x3 with align_corners=True: corners kept, centre = mean
    sal = torch.tensor([[[[0., 1.], [1., 0.]]]])
    cam = torch.zeros(1, 3, 3)
    cam[0, 1, 1] = 1.0   # only the centre: cos = centre / ||target||
    target = np.array([[0, .5, 1], [.5, .5, .5], [1, .5, 0]])
    expected = 1 - 0.5 / np.linalg.norm(target)
    assert cast_loss(cam, sal).item() == pytest.approx(expected, abs=1e-6)


def test_identical_maps_give_zero_and_module_weights():
    cam = torch.rand(2, 5, 5)
    assert cast_loss(cam, cam[:, None]).item() == pytest.approx(0, abs=1e-6)
    module = MODELS.build(dict(type='CASTLoss', loss_weight=2.0))
    assert isinstance(module, CASTLoss)
    sal = torch.rand(2, 1, 5, 5)
    torch.testing.assert_close(module(cam, sal), 2 * cast_loss(cam, sal))
    with pytest.raises(ValueError, match='reduction'):
        cast_loss(cam, sal, 'mean')

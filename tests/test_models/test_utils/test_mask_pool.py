# Copyright (c) mmloc contributors. All rights reserved.
"""Mask pooling: the mean feature over each mask's cells."""
import pytest
import torch

from mmloc.models.utils import mask_pool


def test_mask_pool_is_the_masked_mean(pool_by_hand, random_masks):
    gen = torch.Generator().manual_seed(0)
    feats = torch.randn(2, 3, 4, 5, generator=gen)
    masks = random_masks(2, 6, 4, 5, gen)
    masks[0, 0] = 0
    masks[0, 0, 2, 3] = 1  # a single cell
    masks[1, 1] = 0  # empty
    masks[1, 2] = 1  # the whole map
    pooled = mask_pool(feats, masks)
    assert pooled.shape == (2, 6, 3)
    torch.testing.assert_close(pooled.double(), pool_by_hand(feats, masks))
    torch.testing.assert_close(pooled[0, 0], feats[0, :, 2, 3])
    torch.testing.assert_close(pooled[1, 1], torch.zeros(3))
    torch.testing.assert_close(pooled[1, 2], feats[1].mean(dim=(1, 2)))
    # bool masks are cast to the features' dtype
    torch.testing.assert_close(mask_pool(feats, masks.bool()), pooled)


def test_mask_pool_rejects_mismatched_shapes():
    feats = torch.randn(2, 3, 4, 4)
    with pytest.raises(ValueError, match='do not match'):
        mask_pool(feats, torch.ones(3, 5, 4, 4))
    with pytest.raises(ValueError, match='do not match'):
        mask_pool(feats, torch.ones(2, 5, 4, 3))


def test_soft_masks_weight_the_cells_and_area_is_at_least_one():
    """``sum(mask * feats) / max(area, 1)``, by hand on a 2 x 2 map."""
    feats = torch.tensor([[[[1., 2.], [3., 4.]]]])  # (1, 1, 2, 2)
    masks = torch.tensor([[
        [[0.5, 0.], [0., 1.]],  # area 1.5
        [[0.5, 0.], [0., 0.]]
    ]])  # area 0.5 -> 1
    pooled = mask_pool(feats, masks)
    torch.testing.assert_close(pooled, torch.tensor([[[3.], [0.5]]]))


def test_gradient_is_the_mask_over_its_area():
    """d pooled[n, s, c] / d feats[n, c] = mask[n, s] / area."""
    feats = torch.randn(1, 2, 2, 3, requires_grad=True)
    masks = torch.tensor([[[[1., 1., 0.], [0., 1., 0.]]]])  # area 3
    mask_pool(feats, masks)[0, 0, 1].backward()
    expected = torch.zeros(1, 2, 2, 3)
    expected[0, 1] = masks[0, 0] / 3
    torch.testing.assert_close(feats.grad, expected)

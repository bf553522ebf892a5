# Copyright (c) mmloc contributors. All rights reserved.
"""Average a feature map inside masks (DetCon, METHODS §2.2)."""
import torch


def mask_pool(feats: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """Mean feature over each mask's cells.

    Args:
        feats (Tensor): ``(N, C, h, w)`` feature map.
        masks (Tensor): ``(N, S, h, w)`` binary (or soft, non-negative)
            masks on the same grid.

    Returns:
        Tensor: ``(N, S, C)``; ``sum(mask * feats) / max(area, 1)``, so an
        empty mask gives a zero vector rather than NaN.
    """
    if feats.shape[0] != masks.shape[0] or \
            feats.shape[-2:] != masks.shape[-2:]:
        raise ValueError(f'masks {tuple(masks.shape)} do not match the '
                         f'feature map {tuple(feats.shape)}')
    masks = masks.to(feats.dtype)
    area = masks.sum(dim=(2, 3)).clamp_min(1.0)
    pooled = torch.einsum('nshw,nchw->nsc', masks, feats)
    return pooled / area[..., None]

# Copyright (c) mmloc contributors. All rights reserved.
"""CAST's attention loss: Grad-CAM vs saliency (METHODS §1.3)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from mmloc.registry import MODELS

REDUCTIONS = ('batch', 'sample')


def cast_loss(cam: torch.Tensor, saliency: torch.Tensor,
              reduction: str = 'batch') -> torch.Tensor:
    """``1 - cos`` between Grad-CAM maps and saliency maps.

    Args:
        cam (Tensor): ``(N, h, w)`` Grad-CAM maps in ``[0, 1]``.
        saliency (Tensor): ``(N, 1, H, W)`` saliency in ``[0, 1]``; resized
            to ``h x w`` here (bilinear, ``align_corners=True``, as the
            reference).
        reduction (str): ``'batch'`` — one cosine over the whole flattened
            batch (the reference); ``'sample'`` — mean of per-sample
            ``1 - cos``.

    Returns:
        Tensor: scalar loss.
    """
    if reduction not in REDUCTIONS:
        raise ValueError(f'reduction must be one of {REDUCTIONS}, got '
                         f'{reduction!r}')
    target = F.interpolate(
        saliency.to(cam.dtype), size=cam.shape[-2:], mode='bilinear',
        align_corners=True).squeeze(1)
    if reduction == 'batch':
        return 1 - F.cosine_similarity(cam.flatten(), target.flatten(), dim=0)
    return (1 - F.cosine_similarity(cam.flatten(1), target.flatten(1),
                                    dim=1)).mean()


@MODELS.register_module()
class CASTLoss(nn.Module):
    """Module form of :func:`cast_loss`, weighted by ``loss_weight``.

    Example:
        >>> loss = MODELS.build(dict(type='CASTLoss', reduction='batch'))
        >>> loss(cam, saliency)  # (N, h, w), (N, 1, H, W) -> scalar
    """

    def __init__(self, reduction: str = 'batch',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if reduction not in REDUCTIONS:
            raise ValueError(f'reduction must be one of {REDUCTIONS}, got '
                             f'{reduction!r}')
        self.reduction = reduction
        self.loss_weight = loss_weight

    def forward(self, cam: torch.Tensor,
                saliency: torch.Tensor) -> torch.Tensor:
        return self.loss_weight * cast_loss(cam, saliency, self.reduction)

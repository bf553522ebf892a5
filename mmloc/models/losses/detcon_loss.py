# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's contrastive detection loss (METHODS §2.3)."""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.dist import get_rank

from mmloc.models.utils.gather import concat_all_gather
from mmloc.registry import MODELS

#: logit subtracted from a same-view pair of the same mask (the reference's
#: ``infinity_proxy``): it can be neither a positive nor a negative
INFINITY_PROXY = 1e9


def _same_id(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``(B, S)`` x ``(B, S)`` -> ``(B, S, S)``: ``a[i, s] == b[i, t]``."""
    return (a[:, :, None] == b[:, None, :]).float()


def _view_loss(pred: torch.Tensor, target_other: torch.Tensor,
               target_same: torch.Tensor, ids_pred: torch.Tensor,
               ids_other: torch.Tensor, ids_same: torch.Tensor,
               offset: int, temperature: float) -> torch.Tensor:
    """The loss of one view's predictions, mean over its ``B x S`` rows.

    ``pred`` ``(B, S, D)`` and the (gathered) ``target_*`` ``(G, S, D)`` are
    L2-normalised; image ``i`` of this process is row ``offset + i`` of the
    gathered targets. Cross-view and same-view logits, ``(B, S, 2 G S)``,
    share one softmax.
    """
    b, s, _ = pred.shape
    g = target_other.shape[0]
    mine = torch.arange(b, device=pred.device)
    cross = torch.einsum('isd,jtd->isjt', pred, target_other) / temperature
    same = torch.einsum('isd,jtd->isjt', pred, target_same) / temperature
    # same image, same id, same view: masked out (only other ids of this
    # image and other images' masks act as negatives)
    same_id_same_view = _same_id(ids_pred, ids_same)
    same[mine, :, offset + mine, :] -= INFINITY_PROXY * same_id_same_view
    log_prob = torch.cat([cross.reshape(b, s, g * s),
                          same.reshape(b, s, g * s)], dim=2).log_softmax(2)
    # positives: the same image and the same id in the other view
    positives = _same_id(ids_pred, ids_other)
    own = log_prob[:, :, :g * s].view(b, s, g, s)[mine, :, offset + mine, :]
    num_pos = positives.sum(dim=2)
    row_loss = -(positives * own).sum(dim=2) / num_pos.clamp_min(1.0)
    # a mask drawn k times in this view counts once in total; a mask absent
    # from the other view has no positive and no loss
    draws = _same_id(ids_pred, ids_pred).sum(dim=2)
    weights = (num_pos > 1e-3).float() / draws
    return (weights * row_loss).mean()


def detcon_loss(pred_a: torch.Tensor,
                pred_b: torch.Tensor,
                target_a: torch.Tensor,
                target_b: torch.Tensor,
                ids_pred_a: torch.Tensor,
                ids_pred_b: torch.Tensor,
                ids_target_a: torch.Tensor,
                ids_target_b: torch.Tensor,
                temperature: float = 0.1,
                gather_with_grad: bool = False) -> torch.Tensor:
    """Contrastive detection loss of two views (the reference's
    ``byol_nce_detcon``).

    For view ``a`` (``b`` symmetric): all vectors are L2-normalised;
    ``pred_a`` is scored against the targets of both views of every image of
    the global batch (``logits = p . t / temperature``), cross-view and
    same-view logits concatenated into one softmax. The positives of mask
    ``(i, s)`` are the masks of image ``i`` in the other view with the same
    id; its label mass is split evenly among them. Same-view targets of image
    ``i`` with the same id get ``-1e9`` (not positives, not negatives). Rows
    are weighted by ``1[has positive] / (draws of that id in view a)`` and
    averaged over ``B x S``; the result is ``loss_a + loss_b``.

    In a distributed run the targets are gathered from all processes
    (negatives from the global batch); every process must pass the same
    ``B``.

    Args:
        pred_a, pred_b (Tensor): ``(B, S, D)`` online predictions (DetConB)
            or projections (DetConS) of views a and b.
        target_a, target_b (Tensor): ``(B, S, D)`` targets of views a and b.
        ids_pred_a, ids_pred_b (Tensor): ``(B, S)`` mask ids of the
            predictions.
        ids_target_a, ids_target_b (Tensor): ``(B, S)`` mask ids of the
            targets (the same as the predictions' when both branches use the
            same draws, as DetCon does).
        temperature (float): ``tau``. Defaults to 0.1.
        gather_with_grad (bool): keep the targets' gradient, also through
            the gather (DetConS); False treats them as constants (DetConB's
            stop-gradient). Defaults to False.

    Returns:
        Tensor: scalar loss (float32, whatever the inputs' precision: the
        ``-1e9`` mask overflows half precision).
    """
    tensors = (pred_a, pred_b, target_a, target_b)
    if any(t.dim() != 3 or t.shape != pred_a.shape for t in tensors):
        raise ValueError('predictions and targets must all be (B, S, D), got '
                         f'{[tuple(t.shape) for t in tensors]}')
    ids = (ids_pred_a, ids_pred_b, ids_target_a, ids_target_b)
    if any(i.shape != pred_a.shape[:2] for i in ids):
        raise ValueError(f'ids must be (B, S) = {tuple(pred_a.shape[:2])}, '
                         f'got {[tuple(i.shape) for i in ids]}')
    pred_a, pred_b, target_a, target_b = (
        F.normalize(t.float(), dim=-1) for t in tensors)
    offset = get_rank() * pred_a.shape[0]
    target_a = concat_all_gather(target_a, gather_with_grad)
    target_b = concat_all_gather(target_b, gather_with_grad)
    loss_a = _view_loss(pred_a, target_b, target_a, ids_pred_a, ids_target_b,
                        ids_target_a, offset, temperature)
    loss_b = _view_loss(pred_b, target_a, target_b, ids_pred_b, ids_target_a,
                        ids_target_b, offset, temperature)
    return loss_a + loss_b


@MODELS.register_module()
class DetConLoss(nn.Module):
    """Module form of :func:`detcon_loss`, weighted by ``loss_weight``.

    Args:
        temperature (float): ``tau``. Defaults to 0.1.
        gather_with_grad (bool): True for DetConS (targets are trained),
            False for DetConB (EMA targets). Defaults to False.
        loss_weight (float): Defaults to 1.0.

    Example:
        >>> loss = MODELS.build(dict(type='DetConLoss', temperature=0.1))
        >>> loss(p_a, p_b, t_a, t_b, ids_a, ids_b)  # (B, S, D), (B, S)
    """

    def __init__(self,
                 temperature: float = 0.1,
                 gather_with_grad: bool = False,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.temperature = temperature
        self.gather_with_grad = gather_with_grad
        self.loss_weight = loss_weight

    def forward(self,
                pred_a: torch.Tensor,
                pred_b: torch.Tensor,
                target_a: torch.Tensor,
                target_b: torch.Tensor,
                ids_a: torch.Tensor,
                ids_b: torch.Tensor,
                ids_target_a: Optional[torch.Tensor] = None,
                ids_target_b: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Target ids default to the predictions' (one draw per view, shared
        by both branches)."""
        ids_target_a = ids_a if ids_target_a is None else ids_target_a
        ids_target_b = ids_b if ids_target_b is None else ids_target_b
        return self.loss_weight * detcon_loss(
            pred_a, pred_b, target_a, target_b, ids_a, ids_b, ids_target_a,
            ids_target_b, self.temperature, self.gather_with_grad)

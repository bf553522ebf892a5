# Copyright (c) mmloc contributors. All rights reserved.
"""Differentiable Grad-CAM (CAST, METHODS §1.3)."""
import torch
import torch.nn.functional as F

EPS = 1e-7


def grad_cam(score: torch.Tensor, feats: torch.Tensor,
             create_graph: bool = True) -> torch.Tensor:
    """Grad-CAM of per-sample scores w.r.t. a feature map.

    Channel weights are the spatial mean of ``d score / d feats``; the map is
    ``relu(sum_c w_c * A_c)``, min-max normalised per sample (eps 1e-7), as
    CAST's reference. With ``create_graph=True`` the map is itself
    differentiable w.r.t. everything ``feats`` depends on (a true double
    backward), so a loss on the map trains the network.

    The gradient taken is that of ``score.sum()``: each sample's map is its
    own score's Grad-CAM as long as samples do not interact between
    ``feats`` and ``score`` (no train-mode BatchNorm there) — true of MoCo v2's
    neck; with a BN neck (SimCLR, BYOL) batch statistics couple them
    slightly, exactly as in the reference implementation.

    Args:
        score (Tensor): ``(N,)`` one scalar per sample.
        feats (Tensor): ``(N, C, h, w)`` activations ``score`` depends on.
        create_graph (bool): keep the graph for a loss on the map.

    Returns:
        Tensor: ``(N, h, w)`` maps in ``[0, 1]``.
    """
    if score.dim() != 1 or score.size(0) != feats.size(0):
        raise ValueError(f'score must be (N,) with N = {feats.size(0)}, '
                         f'got {tuple(score.shape)}')
    grads, = torch.autograd.grad(
        score.sum(), feats, create_graph=create_graph)
    weights = grads.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * feats).sum(dim=1))
    flat = cam.flatten(1)
    low = flat.min(dim=1)[0][:, None, None]
    high = flat.max(dim=1)[0][:, None, None]
    return (cam - low) / (high - low + EPS)

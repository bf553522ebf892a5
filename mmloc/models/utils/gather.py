# Copyright (c) mmloc contributors. All rights reserved.
"""Concatenate a tensor over processes, with or without its gradient."""
from typing import Any, Tuple

import torch
import torch.distributed as torch_dist
from mmengine.dist import all_gather, get_rank, get_world_size


class _AllGatherWithGrad(torch.autograd.Function):
    """All-gather whose backward sums every process's gradient for this
    process's slice.

    mmpretrain's ``GatherLayer`` returns only the local gradient: the loss
    terms other processes computed with this process's features are then
    lost. Summing them here and letting DDP average the parameter gradients
    gives exactly the gradient of the mean loss over the global batch.
    """

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        return tuple(all_gather(x))

    @staticmethod
    def backward(ctx: Any, *grads: torch.Tensor) -> torch.Tensor:
        grads = torch.stack(grads)
        torch_dist.all_reduce(grads)
        return grads[get_rank()]


def concat_all_gather(x: torch.Tensor, with_grad: bool = False) -> torch.Tensor:
    """``x`` of every process concatenated along dim 0, in rank order.

    Args:
        x (Tensor): ``(B, ...)``, the same shape on every process.
        with_grad (bool): keep the gradient to every process's ``x``
            (DetConS, whose targets are trained); otherwise the result is
            detached (DetConB's EMA targets).

    Returns:
        Tensor: ``(world_size * B, ...)``; ``x`` itself in one process.
    """
    if get_world_size() == 1:
        return x if with_grad else x.detach()
    if with_grad:
        return torch.cat(_AllGatherWithGrad.apply(x))
    with torch.no_grad():
        return torch.cat(all_gather(x.detach()))

# Copyright (c) mmloc contributors. All rights reserved.
"""Run an MLP once per distinct mask vector (DetCon draws ids with
replacement, so about a third of the ``N x S`` vectors are repeats).

Every layer of mmpretrain's ``NonLinearNeck`` but BN acts on each row on its
own, so a repeated row gives the same output as its first occurrence; BN's
batch statistics are over all rows, repeats included. :func:`mlp_rows` runs
the Linear layers (and ReLU) on the distinct rows only and BN on all rows
(expanded back), which is the full MLP's forward, and its backward sums the
repeats' gradients (the same total gradient as the full MLP's).
"""
from typing import Tuple

import torch
import torch.nn as nn
from mmpretrain.models.necks import NonLinearNeck


def unique_rows(keys: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Repeats within each group of ``S`` rows.

    Args:
        keys (Tensor): ``(N, S, L)``; rows ``(n, s)`` and ``(n, t)`` are the
            same when all their ``L`` values are equal (rows of different
            ``n`` are never merged).

    Returns:
        tuple[Tensor, Tensor]:

        - ``rep``: ``(U,)`` flat indices (into ``N * S``) of the first
          occurrence of each distinct row, ascending.
        - ``inv``: ``(N * S,)`` for each row the position in ``rep`` of its
          first occurrence, so ``rows[rep][inv] == rows``.
    """
    n, s = keys.shape[:2]
    same = (keys[:, :, None] == keys[:, None, :]).flatten(3).all(dim=3)
    # a row's first equal row (itself when it is a first occurrence)
    first = same.to(torch.uint8).argmax(dim=2)
    arange = torch.arange(s, device=keys.device)
    is_rep = (first == arange).flatten()
    rep = is_rep.nonzero().flatten()
    position = is_rep.cumsum(0) - 1
    base = (torch.arange(n, device=keys.device) * s)[:, None]
    inv = position[(base + first).flatten()]
    return rep, inv


def mlp_rows(mlp: nn.Module, rows: torch.Tensor, rep: torch.Tensor,
             inv: torch.Tensor) -> torch.Tensor:
    """``NonLinearNeck.forward(mlp, (rows, ))[0]`` (``with_avg_pool=False``),
    computing the Linear layers only on ``rows[rep]``.

    Args:
        mlp (NonLinearNeck): the MLP (a subclass that overrides ``forward``,
            as ``DetConNeck``, still gets ``NonLinearNeck``'s).
        rows (Tensor): ``(M, C)``; ``rows[rep][inv]`` should equal ``rows``
            (see :func:`unique_rows`), else the full MLP is run.
        rep, inv (Tensor): from :func:`unique_rows`.

    Returns:
        Tensor: ``(M, D)``.

    Note:
        On the distinct-row path ``mlp`` itself is not called (its layers
        are), so hooks on ``mlp`` (not on its layers) do not run.
    """
    if not isinstance(mlp, NonLinearNeck) or mlp.with_avg_pool:
        raise TypeError('mlp_rows needs a NonLinearNeck without average '
                        f'pooling, got {type(mlp).__name__}')
    if rep.numel() == rows.shape[0] or not torch.equal(rows[rep][inv], rows):
        # nothing repeated, or rows merged that are not equal: the full MLP
        if type(mlp).forward is NonLinearNeck.forward:
            return mlp((rows, ))[0]
        return NonLinearNeck.forward(mlp, (rows, ))[0]
    # NonLinearNeck.forward, the Linear layers and ReLU on distinct rows
    x = mlp.fc0(rows[rep])
    x = mlp.bn0(x[inv])[rep]
    for fc_name, bn_name in zip(mlp.fc_names, mlp.bn_names):
        x = getattr(mlp, fc_name)(mlp.relu(x))
        if bn_name is not None:
            x = getattr(mlp, bn_name)(x[inv])[rep]
    return x[inv]

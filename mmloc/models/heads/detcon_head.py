# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's head: the optional predictor and the contrastive detection loss
(METHODS §2.3)."""
from typing import List, Optional, Union

import torch
from mmengine.model import BaseModule
from mmpretrain.models.necks import NonLinearNeck

from mmloc.models.utils.unique_rows import mlp_rows, unique_rows
from mmloc.registry import MODELS


@MODELS.register_module()
class DetConHead(BaseModule):
    """Contrastive detection head.

    DetConB: ``predictor`` (the reference's 256 -> 4096 -> 256 MLP, BN over
    all ``B x S`` mask vectors) maps the online projections before the loss.
    DetConS: no predictor; projections are compared directly.

    Args:
        loss (dict): Config of the loss, e.g. ``dict(type='DetConLoss')``.
        predictor (dict, optional): Config of an MLP neck taking ``(M, D)``
            vectors, e.g. ``NonLinearNeck`` with ``with_avg_pool=False``.
        init_cfg (dict | list[dict], optional): Initialization config.
    """

    def __init__(self,
                 loss: dict,
                 predictor: Optional[dict] = None,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.loss_module = MODELS.build(loss)
        self.predictor = MODELS.build(predictor) if predictor else None

    def predict_masks(self,
                      proj: torch.Tensor,
                      ids: Optional[torch.Tensor] = None) -> torch.Tensor:
        """``(N, S, D)`` -> ``(N, S, D')`` through the predictor (identity
        without one).

        With ``ids`` ``(N, S)`` and a plain ``NonLinearNeck`` predictor, the
        Linear layers run once per distinct projection of an image (a mask
        drawn several times), BN on all ``N x S``: the same output as the
        full predictor (``mlp_rows``). Rows are merged only when their
        projections are equal (``ids`` say which to compare).
        """
        if self.predictor is None:
            return proj
        n, s, _ = proj.shape
        rows = proj.flatten(0, 1)
        if (ids is not None
                and type(self.predictor).forward is NonLinearNeck.forward
                and not self.predictor.with_avg_pool):
            rep, inv = unique_rows(ids[..., None])
            return mlp_rows(self.predictor, rows, rep, inv).view(n, s, -1)
        return self.predictor((rows, ))[0].view(n, s, -1)

    def loss(self, online_a: torch.Tensor, online_b: torch.Tensor,
             target_a: torch.Tensor, target_b: torch.Tensor,
             ids_a: torch.Tensor, ids_b: torch.Tensor) -> torch.Tensor:
        """
        Args:
            online_a, online_b (Tensor): ``(B, S, D)`` online projections.
            target_a, target_b (Tensor): ``(B, S, D)`` targets.
            ids_a, ids_b (Tensor): ``(B, S)`` mask ids of each view, shared
                by its online and target branches.

        Returns:
            Tensor: scalar loss.
        """
        return self.loss_module(
            self.predict_masks(online_a, ids_a),
            self.predict_masks(online_b, ids_b),
            target_a, target_b, ids_a, ids_b)

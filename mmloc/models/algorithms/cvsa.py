# Copyright (c) mmloc contributors. All rights reserved.
"""CVSA: BYOL + cross-view saliency alignment (METHODS §3, mmloc's design)."""
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmpretrain.models import BYOL
from mmpretrain.structures import DataSample

from mmloc.models.utils import stack_priors
from mmloc.registry import MODELS


@MODELS.register_module()
class CVSA(BYOL):
    """BYOL whose online network also learns where the other view's object
    is (``L = L_cont + w * L_align``, logged as ``loss_cont`` and
    ``loss_align``).

    ``L_cont`` is BYOL's loss, unchanged: online predictor ``p_q`` against
    the EMA target projection ``h_k`` (stop-gradient), both directions.
    ``L_align`` is :class:`CVSAHead`'s, symmetrised: view 0's global online
    projection attends over view 1's per-location online projections
    (the projector applied as 1 x 1 convolutions to the last-stage map) and
    is aligned with view 1's saliency, and vice versa; it trains the online
    backbone and projector, never the target. The per-location projections
    pass through the projector's BN in train mode, so its statistics are
    those of the ``N x h x w`` location vectors for that call.

    Args:
        backbone (dict): Backbone config.
        neck (dict): BYOL's projector (``NonLinearNeck``, average pooled).
        head (dict): BYOL's ``LatentPredictHead``.
        align_head (dict): :class:`CVSAHead` config.
        base_momentum (float): As BYOL. Defaults to 0.004.
        pretrained (str, optional): As BYOL.
        data_preprocessor (dict, optional): Must carry ``saliency``, e.g.
            ``LocDataPreprocessor``.
        init_cfg (dict | list[dict], optional): Initialization config.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 head: dict,
                 align_head: dict,
                 base_momentum: float = 0.004,
                 pretrained: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[List[dict], dict]] = None) -> None:
        super().__init__(
            backbone=backbone,
            neck=neck,
            head=head,
            base_momentum=base_momentum,
            pretrained=pretrained,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.align_head = MODELS.build(align_head)

    def init_weights(self) -> None:
        """Initialise, then start the target as a copy of the online
        network.

        mmpretrain's BYOL deep-copies backbone + neck into the target when
        it is built, before ``init_weights``: a backbone initialised from a
        stage-1 checkpoint (``init_cfg=dict(type='Pretrained', ...)``) would
        face a randomly initialised target for the first thousands of EMA
        steps. (A ``load_from`` checkpoint, loaded after this, brings its
        own target.)"""
        super().init_weights()
        self.target_net.module.load_state_dict(
            nn.Sequential(self.backbone, self.neck).state_dict())

    def project_locations(self, feats: torch.Tensor) -> torch.Tensor:
        """The online projector at every location: ``(N, C, h, w)`` ->
        ``(N, D, h, w)`` (each location a ``1 x 1`` input to the neck, whose
        average pooling is then the identity)."""
        n, c, h, w = feats.shape
        cells = feats.permute(0, 2, 3, 1).reshape(n * h * w, c, 1, 1)
        proj = self.neck((cells, ))[0]
        return proj.view(n, h, w, -1).permute(0, 3, 1, 2)

    def loss(self, inputs: List[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> Dict[str, torch.Tensor]:
        """
        Args:
            inputs (list[Tensor]): two views ``(N, 3, H, W)``.
            data_samples (list[DataSample]): with ``saliency``
                ``(2, 1, H, W)`` in ``[0, 1]``.

        Returns:
            dict[str, Tensor]: ``loss_cont`` and ``loss_align``.
        """
        saliency = stack_priors(data_samples, 'saliency')[:2]
        feats = [self.backbone(img)[-1] for img in inputs[:2]]
        proj = [self.neck((f, ))[0] for f in feats]
        with torch.no_grad():
            self.target_net.update_parameters(
                nn.Sequential(self.backbone, self.neck))
            targets = [self.target_net(img)[0] for img in inputs[:2]]
        loss_cont = 2. * (
            self.head.loss(proj[0], targets[1]) +
            self.head.loss(proj[1], targets[0]))
        local = [self.project_locations(f) for f in feats]
        loss_align = 0.5 * (
            self.align_head.loss(proj[0], local[1], saliency[1]) +
            self.align_head.loss(proj[1], local[0], saliency[0]))
        return dict(loss_cont=loss_cont, loss_align=loss_align)

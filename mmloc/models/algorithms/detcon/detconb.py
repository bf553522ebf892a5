# Copyright (c) mmloc contributors. All rights reserved.
"""DetConB: contrastive detection on BYOL (METHODS §2)."""
from typing import Dict, List, Optional, Union

import torch
import torch.nn as nn
from mmpretrain.models import BYOL
from mmpretrain.structures import DataSample

from mmloc.registry import MODELS
from .base import DetConMixin, step_generator


@MODELS.register_module()
class DetConB(DetConMixin, BYOL):
    """BYOL whose loss contrasts mask-pooled features (DetConB).

    Online: backbone -> :class:`DetConNeck` (mask pooling + projector) ->
    the head's predictor; target: mmpretrain's ``CosineEMA`` of backbone +
    neck (momentum ``1 - base_momentum`` ramped to 1 by a cosine over the
    run), no gradient. Each view's ids are drawn once and used by both
    branches; each view goes through the networks on its own (BN statistics
    per view, as BYOL).

    Args:
        backbone (dict): Backbone config (its last output is pooled).
        neck (dict): ``DetConNeck`` config.
        head (dict): ``DetConHead`` config with a predictor.
        base_momentum (float): ``1 -`` the initial EMA decay; the reference's
            0.996 is 0.004. Defaults to 0.004.
        num_samples (int): Mask ids drawn per image and view. Defaults to 16.
        pretrained (str, optional): As mmpretrain's BYOL.
        data_preprocessor (dict, optional): Must carry ``segments``, e.g.
            ``LocDataPreprocessor``.
        init_cfg (dict | list[dict], optional): Initialization config.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 head: dict,
                 base_momentum: float = 0.004,
                 num_samples: int = 16,
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
        self.num_samples = num_samples

    def loss(self, inputs: List[torch.Tensor], data_samples: List[DataSample],
             **kwargs) -> Dict[str, torch.Tensor]:
        """
        Args:
            inputs (list[Tensor]): two views ``(N, 3, H, W)``.
            data_samples (list[DataSample]): with ``segments`` ``(2, H, W)``.

        Returns:
            dict[str, Tensor]: ``loss``.
        """
        segments = self.view_segments(data_samples)
        gen = step_generator(inputs[0].device)
        online, masks, ids = [], [], []
        for img, seg in zip(inputs[:2], segments):
            feats = self.backbone(img)
            view_masks, view_ids = self.draw_masks(seg, feats, gen)
            online.append(self.neck(feats, view_masks))
            masks.append(view_masks)
            ids.append(view_ids)
        with torch.no_grad():
            self.target_net.update_parameters(
                nn.Sequential(self.backbone, self.neck))
            target_backbone, target_neck = self.target_net.module
            targets = [
                target_neck(target_backbone(img), view_masks)
                for img, view_masks in zip(inputs[:2], masks)
            ]
        loss = self.head.loss(online[0], online[1], targets[0], targets[1],
                              ids[0], ids[1])
        return dict(loss=loss)

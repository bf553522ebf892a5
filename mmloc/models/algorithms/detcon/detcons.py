# Copyright (c) mmloc contributors. All rights reserved.
"""DetConS: contrastive detection on SimCLR (METHODS §2)."""
from typing import Dict, List, Optional, Union

import torch
from mmpretrain.models import SimCLR
from mmpretrain.structures import DataSample

from mmloc.registry import MODELS
from .base import DetConMixin, step_generator


@MODELS.register_module()
class DetConS(DetConMixin, SimCLR):
    """SimCLR whose loss contrasts mask-pooled features (DetConS).

    One network for both views (one backbone forward over the two views
    stacked, as SimCLR); the projections serve as predictions and as
    targets, both with gradients, gathered over processes with their
    gradient (the head's loss must have ``gather_with_grad=True``).

    Args:
        backbone (dict): Backbone config (its last output is pooled).
        neck (dict): ``DetConNeck`` config.
        head (dict): ``DetConHead`` config without a predictor.
        num_samples (int): Mask ids drawn per image and view. Defaults to 16.
        pretrained (str, optional): As mmpretrain's SimCLR.
        data_preprocessor (dict, optional): Must carry ``segments``.
        init_cfg (dict | list[dict], optional): Initialization config.
    """

    def __init__(self,
                 backbone: dict,
                 neck: dict,
                 head: dict,
                 num_samples: int = 16,
                 pretrained: Optional[str] = None,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[Union[List[dict], dict]] = None) -> None:
        super().__init__(
            backbone=backbone,
            neck=neck,
            head=head,
            pretrained=pretrained,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.num_samples = num_samples
        if not getattr(self.head.loss_module, 'gather_with_grad', True):
            raise ValueError(
                'DetConS trains both sides of its loss: its DetConLoss needs '
                'gather_with_grad=True, or the gradients through the other '
                "processes' targets are lost")

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
        feats = self.backbone(torch.cat(inputs[:2]))
        masks, ids = self.draw_masks(
            torch.cat(segments), feats, step_generator(inputs[0].device))
        proj_a, proj_b = self.neck(feats, masks).chunk(2)
        ids_a, ids_b = ids.chunk(2)
        loss = self.head.loss(proj_a, proj_b, proj_a, proj_b, ids_a, ids_b)
        return dict(loss=loss)

# Copyright (c) mmloc contributors. All rights reserved.
"""What CAST adds to any contrastive algorithm (METHODS §1.2-1.4)."""
from typing import Dict, List, Sequence, Tuple

import torch
import torch.nn as nn

from mmloc.models.losses import cast_loss
from mmloc.models.utils.capture import find_stage
from mmloc.models.utils.grad_cam import grad_cam
from mmloc.models.utils.priors import stack_priors

#: ``(score (M,), feats (M, C, h, w), target saliency (M, 1, H, W))``
Group = Tuple[torch.Tensor, torch.Tensor, torch.Tensor]
#: the reference binarises 0..255 maps at > 128; maps arrive as value / 255
SALIENT = 128 / 255


class CASTAdapter:
    """Replaces an algorithm's ``loss`` with "contrastive + CAST".

    Subclasses implement :meth:`losses` for one algorithm family: run the
    algorithm's own contrastive loss with **one** query forward whose
    ``stage`` activations are kept, embed the saliency-masked keys on the
    key / target side (stop-gradient), and return the contrastive loss, the
    per-sample scores (query vs masked key) and the query activations they
    depend on. This base class turns scores into Grad-CAM maps, compares
    them with the query-view saliency and weights the two terms.

    Args:
        model: the algorithm (an mmpretrain ``BaseSelfSupervisor``).
        alpha, beta (float): total = ``beta/(alpha+beta) * L_contrastive +
            alpha/(alpha+beta) * L_cast`` (CAST's released run: 3, 1).
        stage (str): backbone stage whose activations Grad-CAM uses.
        reduction (str): ``'batch'`` (reference) or ``'sample'``.
        warmup_iters (int): linear ramp of the CAST weight from 0 over this
            many iterations (0: none).
    """

    def __init__(self, model: nn.Module, alpha: float = 3.0,
                 beta: float = 1.0, stage: str = 'layer4',
                 reduction: str = 'batch', warmup_iters: int = 0) -> None:
        if alpha < 0 or beta < 0 or alpha + beta <= 0:
            raise ValueError(f'alpha and beta must be >= 0 with a positive '
                             f'sum, got {alpha}, {beta}')
        self.model = model
        self.alpha, self.beta = alpha, beta
        self.stage = find_stage(model.backbone, stage)
        self.stage_name = stage
        self.reduction = reduction
        self.warmup_iters = warmup_iters
        self.iteration = 0  # set by CASTHook before each training step

    def weights(self) -> Tuple[float, float]:
        """``(w_contrastive, w_cast)`` at the current iteration."""
        total = self.alpha + self.beta
        ramp = 1.0
        if self.warmup_iters > 0:
            ramp = min(1.0, (self.iteration + 1) / self.warmup_iters)
        return self.beta / total, ramp * self.alpha / total

    def saliency(self, data_samples: Sequence) -> List[torch.Tensor]:
        """Per-view ``(N, 1, H, W)`` saliency, or an error saying why."""
        try:
            return stack_priors(data_samples, 'saliency')
        except KeyError as e:
            raise KeyError(
                f'CASTHook needs a saliency map per view: {e.args[0]}; use '
                'LoadSaliencyMap, SaliencyConstrainedCrop views and '
                'PackLocInputs in the pipeline') from None

    @staticmethod
    def masked(inputs: Sequence[torch.Tensor],
               saliency: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        """``x * s`` per view with the binarised saliency, applied after
        normalisation, so the background becomes the dataset mean colour."""
        return [x * (s > SALIENT).to(x.dtype)
                for x, s in zip(inputs, saliency)]

    def losses(self, inputs: List[torch.Tensor], saliency: List[torch.Tensor],
               data_samples: Sequence) -> Tuple[torch.Tensor, List[Group]]:
        """Returns ``loss_contrastive`` and one ``(score (M,), feats
        (M, C, h, w), target saliency (M, 1, H, W))`` group per query
        forward (Grad-CAM needs the very tensor each score was computed
        from)."""
        raise NotImplementedError

    def __call__(self, inputs: List[torch.Tensor], data_samples: Sequence,
                 **kwargs) -> Dict[str, torch.Tensor]:
        saliency = self.saliency(data_samples)
        loss_con, groups = self.losses(inputs, saliency, data_samples)
        cam = torch.cat([grad_cam(score, feats, create_graph=True)
                         for score, feats, _ in groups])
        target = torch.cat([t for _, _, t in groups])
        w_con, w_cast = self.weights()
        return dict(
            loss_contrastive=w_con * loss_con,
            loss_cast=w_cast * cast_loss(cam, target, self.reduction))

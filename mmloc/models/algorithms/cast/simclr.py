# Copyright (c) mmloc contributors. All rights reserved.
"""SimCLR + CAST (METHODS §1.4, mmloc's design)."""
from typing import List, Sequence

import torch
import torch.nn.functional as F

from mmloc.models.utils.capture import OutputCapture
from .base import CASTAdapter


def interleave(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``(N, ...)`` x 2 -> ``(2N, ...)`` as ``a0, b0, a1, b1, ...`` — the
    order in which mmpretrain's SimCLR stacks its two views."""
    return torch.stack([a, b], 1).flatten(0, 1)


class SimCLRCAST(CASTAdapter):
    """SimCLR's own loss (one backbone forward over both views, unchanged),
    whose stage activations and projections are captured; both views are
    queries, each scored against the other view's masked key, embedded by
    the same encoder without gradient (stop-gradient, as MoCo's key):
    ``score = cos(z_q, z_km) / T``. The masked forward runs in train mode,
    so BN running statistics also see masked images.
    """

    def losses(self, inputs: List[torch.Tensor], saliency: List[torch.Tensor],
               data_samples: Sequence):
        model = self.model
        with OutputCapture(feats=self.stage, z=model.neck) as cap:
            loss = type(model).loss(model, inputs, data_samples)['loss']
        m0, m1 = self.masked(inputs[:2], saliency[:2])
        with torch.no_grad():
            # position 2i + v holds view v of image i: its key is 1 - v
            z_m = model.neck(model.backbone(interleave(m1, m0)))[0]
        z = F.normalize(cap.outputs['z'][0], dim=1)
        score = (z * F.normalize(z_m, dim=1)).sum(1) / model.head.temperature
        target = interleave(saliency[0], saliency[1])
        return loss, [(score, cap.outputs['feats'][0], target)]

# Copyright (c) mmloc contributors. All rights reserved.
"""BYOL + CAST (METHODS §1.4, mmloc's design)."""
from typing import List, Sequence

import torch
import torch.nn.functional as F

from mmloc.models.utils.capture import OutputCapture
from .base import CASTAdapter


class BYOLCAST(CASTAdapter):
    """BYOL's own loss (unchanged: one online forward per view, one EMA
    update), whose stage activations and predictions are captured; each
    view's prediction is scored against the target network's embedding of
    the other view masked (one batched target forward for both),
    ``score = cos(p_q, z'_km)``, BYOL's own similarity.
    """

    def losses(self, inputs: List[torch.Tensor], saliency: List[torch.Tensor],
               data_samples: Sequence):
        model = self.model
        with OutputCapture(
                feats=self.stage, pred=model.head.predictor) as cap:
            loss = type(model).loss(model, inputs, data_samples)['loss']
        m0, m1 = self.masked(inputs[:2], saliency[:2])
        with torch.no_grad():
            # the EMA update already happened inside BYOL.loss
            t_m = F.normalize(model.target_net(torch.cat([m1, m0]))[0], dim=1)
        groups = []
        for view, t_key in enumerate(t_m.chunk(2)):
            pred = F.normalize(cap.outputs['pred'][view], dim=1)
            score = (pred * t_key).sum(1)
            groups.append((score, cap.outputs['feats'][view], saliency[view]))
        return loss, groups

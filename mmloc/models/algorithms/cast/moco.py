# Copyright (c) mmloc contributors. All rights reserved.
"""MoCo (v2) + CAST, the method of the paper (METHODS §1)."""
from typing import List, Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmpretrain.models.utils import batch_shuffle_ddp, batch_unshuffle_ddp

from mmloc.models.utils.capture import OutputCapture
from .base import CASTAdapter


class MoCoCAST(CASTAdapter):
    """MoCo's loss, written out so that the key encoder sees ``[x_k; x_km]``
    in **one** batched forward (and one momentum update), where the
    reference runs a second query forward and updates the key encoder
    twice. The query is view 0, the key view 1; the score is the positive
    logit of the query with the masked key, ``q . k_m / T``; masked keys are
    never enqueued. The contrastive part is mmpretrain's ``MoCo.loss``
    line for line apart from the batched keys.
    """

    def losses(self, inputs: List[torch.Tensor], saliency: List[torch.Tensor],
               data_samples: Sequence):
        model = self.model
        im_q, im_k = inputs[0], inputs[1]
        im_km = self.masked([im_k], [saliency[1]])[0]
        with OutputCapture(feats=self.stage) as cap:
            q = model.neck(model.backbone(im_q))[0]
        q = F.normalize(q, dim=1)

        with torch.no_grad():
            model.encoder_k.update_parameters(
                nn.Sequential(model.backbone, model.neck))
            keys, idx_unshuffle = batch_shuffle_ddp(torch.cat([im_k, im_km]))
            k_all = F.normalize(model.encoder_k(keys)[0], dim=1)
            k, k_m = batch_unshuffle_ddp(k_all, idx_unshuffle).chunk(2)

        l_pos = torch.einsum('nc,nc->n', [q, k]).unsqueeze(-1)
        l_neg = torch.einsum('nc,ck->nk', [q, model.queue.clone().detach()])
        loss = model.head.loss(l_pos, l_neg)
        model._dequeue_and_enqueue(k)

        score = (q * k_m).sum(dim=1) / model.head.temperature
        return loss, [(score, cap.outputs['feats'][0], saliency[0])]

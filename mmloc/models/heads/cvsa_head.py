# Copyright (c) mmloc contributors. All rights reserved.
"""CVSA's cross-view saliency alignment (METHODS §3, mmloc's design)."""
import math
from typing import List, Optional, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from mmloc.registry import MODELS

LOSS_TYPES = ('bce', 'cosine')


@MODELS.register_module()
class CVSAHead(BaseModule):
    """Cross-view saliency alignment: where view q's embedding is found in
    view k should be where view k's saliency is.

    mmloc's interpretation of CVSA's "saliency alignment module" (the poster
    says only that it computes ``L_align`` between predicted attention maps
    and the input saliency masks; no code is public):

    1. **attention** of view q on view k: the cosine similarity between q's
       global online projection ``z_q`` ``(N, D)`` and k's per-location
       online projections ``z_k(i, j)`` ``(N, D, h, w)`` (the projector
       applied as 1 x 1 convolutions to k's last-stage map), mapped to
       ``(0, 1)`` by ``A = sigmoid(scale * cos + bias)`` (a learnable
       temperature and bias, as SigLIP's sigmoid loss: the background can be
       pushed to 0 without forcing ``cos = -1``);
    2. **target**: k's saliency ``(N, 1, H, W)`` in ``[0, 1]`` area-averaged
       to the ``h x w`` grid (the share of salient pixels in each cell);
    3. **loss**: ``'bce'`` — binary cross-entropy of ``A`` against the
       target, mean over cells and images (default: every cell gets a
       gradient, salient or not, and the soft target handles cells on the
       object's border); ``'cosine'`` — ``1 - cos(A, target)`` per image,
       mean over images (CAST's form: only the map's shape matters, not its
       level).

    The algorithm symmetrises it (q -> k and k -> q). Other readings can be
    tried with the options: ``loss_type='cosine'``, a fixed scale
    (``learnable_scale=False``), no bias (``bias=None``).

    Args:
        loss_type (str): ``'bce'`` or ``'cosine'``. Defaults to ``'bce'``.
        scale (float): Initial (or fixed) similarity scale. Defaults to 10.
        bias (float, optional): Initial logit bias, learnable with a
            learnable scale; None for none. Defaults to ``-5.0`` (a cell
            starts near ``sigmoid(10 cos - 5)``, so only a clearly similar
            location reads as attended).
        learnable_scale (bool): Learn ``scale`` (as ``log scale``) and
            ``bias``. Defaults to True.
        loss_weight (float): ``w`` in ``L_cont + w * L_align``. Defaults to
            1.0.
        init_cfg (dict | list[dict], optional): Initialization config.
    """

    def __init__(self,
                 loss_type: str = 'bce',
                 scale: float = 10.0,
                 bias: Optional[float] = -5.0,
                 learnable_scale: bool = True,
                 loss_weight: float = 1.0,
                 init_cfg: Optional[Union[dict, List[dict]]] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if loss_type not in LOSS_TYPES:
            raise ValueError(f'loss_type must be one of {LOSS_TYPES}, got '
                             f'{loss_type!r}')
        if scale <= 0:
            raise ValueError(f'scale must be > 0, got {scale}')
        self.loss_type = loss_type
        self.loss_weight = loss_weight
        log_scale = torch.tensor(math.log(scale))
        bias_t = None if bias is None else torch.tensor(float(bias))
        if learnable_scale:
            self.log_scale = nn.Parameter(log_scale)
            self.bias = None if bias_t is None else nn.Parameter(bias_t)
        else:
            self.register_buffer('log_scale', log_scale)
            self.register_buffer('bias', bias_t)

    def attention(self, global_q: torch.Tensor,
                  local_k: torch.Tensor) -> torch.Tensor:
        """View q's attention on view k.

        Args:
            global_q (Tensor): ``(N, D)`` global embeddings of view q.
            local_k (Tensor): ``(N, D, h, w)`` per-location embeddings of
                view k.

        Returns:
            Tensor: ``(N, h, w)`` logits ``scale * cos + bias``.
        """
        if global_q.shape[:2] != local_k.shape[:2]:
            raise ValueError(f'global_q {tuple(global_q.shape)} and local_k '
                             f'{tuple(local_k.shape)} disagree on (N, D)')
        cos = torch.einsum('nd,ndhw->nhw', F.normalize(global_q, dim=1),
                           F.normalize(local_k, dim=1))
        logits = self.log_scale.exp() * cos
        return logits if self.bias is None else logits + self.bias

    def loss(self, global_q: torch.Tensor, local_k: torch.Tensor,
             saliency_k: torch.Tensor) -> torch.Tensor:
        """``w * L_align`` of view q's attention on view k.

        Args:
            global_q (Tensor): ``(N, D)``.
            local_k (Tensor): ``(N, D, h, w)``.
            saliency_k (Tensor): ``(N, 1, H, W)`` in ``[0, 1]``.

        Returns:
            Tensor: scalar.
        """
        logits = self.attention(global_q, local_k).float()
        target = F.adaptive_avg_pool2d(saliency_k.float(),
                                       logits.shape[-2:]).squeeze(1)
        if self.loss_type == 'bce':
            loss = F.binary_cross_entropy_with_logits(logits, target)
        else:
            attn = logits.sigmoid().flatten(1)
            loss = (1 - F.cosine_similarity(
                attn, target.flatten(1), dim=1, eps=1e-8)).mean()
        return self.loss_weight * loss

# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's neck: mask pooling, then the projection MLP (METHODS §2.2-2.3)."""
from typing import List, Optional, Sequence, Union

import torch
from mmpretrain.models.necks import NonLinearNeck

from mmloc.models.utils.mask_pool import mask_pool
from mmloc.models.utils.unique_rows import mlp_rows, unique_rows
from mmloc.registry import MODELS


@MODELS.register_module()
class DetConNeck(NonLinearNeck):
    """Pools the last-stage map inside each sampled mask and projects every
    mask vector with mmpretrain's ``NonLinearNeck`` MLP.

    The reference projector is Linear(2048, 4096) + bias, BN, ReLU,
    Linear(4096, 256) without bias (the defaults here). Its BN normalises
    over all ``N x S`` mask vectors of the batch (over all processes with
    ``SyncBN``), not per image.

    Args:
        in_channels (int): ``C`` of the feature map. Defaults to 2048.
        hid_channels (int): Hidden width. Defaults to 4096.
        out_channels (int): ``D``. Defaults to 256.
        num_layers (int): Linear layers. Defaults to 2.
        with_bias (bool): Bias in all but the last Linear. Defaults to True.
        with_last_bn (bool): BN after the last Linear. Defaults to False.
        norm_cfg (dict): Norm layer. Defaults to ``SyncBN``.
        init_cfg (dict | list[dict], optional): As ``NonLinearNeck``.

    Example:
        >>> neck = DetConNeck(in_channels=512, hid_channels=64,
        ...                   out_channels=16, norm_cfg=dict(type='BN'))
        >>> feats = (torch.randn(2, 512, 7, 7), )
        >>> masks = torch.zeros(2, 4, 7, 7); masks[..., :3, :] = 1
        >>> neck(feats, masks).shape
        torch.Size([2, 4, 16])
    """

    def __init__(
        self,
        in_channels: int = 2048,
        hid_channels: int = 4096,
        out_channels: int = 256,
        num_layers: int = 2,
        with_bias: bool = True,
        with_last_bn: bool = False,
        norm_cfg: dict = dict(type='SyncBN'),
        init_cfg: Optional[Union[dict, List[dict]]] = [
            dict(type='Constant', val=1, layer=['_BatchNorm', 'GroupNorm'])
        ]
    ) -> None:
        super().__init__(
            in_channels=in_channels,
            hid_channels=hid_channels,
            out_channels=out_channels,
            num_layers=num_layers,
            with_bias=with_bias,
            with_last_bn=with_last_bn,
            with_avg_pool=False,
            norm_cfg=norm_cfg,
            init_cfg=init_cfg)

    def forward(self, feats: Union[torch.Tensor, Sequence[torch.Tensor]],
                masks: torch.Tensor) -> torch.Tensor:
        """
        Args:
            feats (Tensor | Sequence[Tensor]): ``(N, C, h, w)``, or a
                backbone's tuple of stages (the last is used).
            masks (Tensor): ``(N, S, h, w)`` from
                :func:`mmloc.models.utils.sample_masks`.

        Returns:
            Tensor: ``(N, S, D)`` projected mask features.
        """
        if not isinstance(feats, torch.Tensor):
            feats = feats[-1]
        pooled = mask_pool(feats, masks)
        n, s, _ = pooled.shape
        # a mask drawn several times in an image pools the same vector: the
        # Linear layers see each once, BN all N x S (same output, see
        # mlp_rows)
        rep, inv = unique_rows(masks.flatten(2))
        proj = mlp_rows(self, pooled.flatten(0, 1), rep, inv)
        return proj.view(n, s, -1)

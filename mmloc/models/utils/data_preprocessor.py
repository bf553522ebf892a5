# Copyright (c) mmloc contributors. All rights reserved.
"""Data preprocessor that carries the prior maps to the device."""
from typing import Sequence

from mmpretrain.models.utils import SelfSupDataPreprocessor

from mmloc.registry import MODELS


@MODELS.register_module()
class LocDataPreprocessor(SelfSupDataPreprocessor):
    """``SelfSupDataPreprocessor`` that also prepares ``saliency`` and
    ``segments`` packed by ``PackLocInputs``.

    Images are handled exactly as in mmpretrain (channel conversion,
    normalisation, list of views). For each data sample the priors are moved
    to the device with the images and converted once, here, so every
    algorithm sees the same types:

    - ``saliency``: uint8 ``(V, 1, H, W)`` -> float ``(V, 1, H, W)`` in
      ``[0, 1]`` (value / 255; salient where ``> 128 / 255``, the reference's
      threshold);
    - ``segments``: int32 ``(V, H, W)`` -> int64 ``(V, H, W)`` (one-hot and
      gather want int64).

    ``mmloc.models.utils.stack_priors(data_samples, key)`` returns them as
    per-view batches ``(N, 1, H, W)`` / ``(N, H, W)``.

    Args:
        require (Sequence[str]): prior keys every training sample must carry;
            a missing one raises with the image path (so a pipeline that
            forgot ``LoadSaliencyMap`` fails at the first batch, not as a
            shape error deep in a loss). Defaults to ``()``.
        **kwargs: as :class:`mmpretrain.models.SelfSupDataPreprocessor`.

    Example:
        >>> data_preprocessor = dict(type='LocDataPreprocessor',
        ...     mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
        ...     to_rgb=True, require=['saliency'])
    """

    def __init__(self, require: Sequence[str] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.require = tuple(require)

    def forward(self, data: dict, training: bool = False) -> dict:
        data = super().forward(data, training)
        for sample in data['data_samples'] or []:
            for key in self.require:
                if key not in sample:
                    raise KeyError(
                        f'{sample.metainfo.get("img_path", "a sample")} has '
                        f'no {key!r}: the pipeline must load it and pack it '
                        'with PackLocInputs')
            sal = sample.get('saliency')
            if sal is not None and not sal.is_floating_point():
                sample.saliency = sal.float().div_(255.0)
            if 'segments' in sample:
                sample.segments = sample.segments.long()
        return data

# Copyright (c) mmloc contributors. All rights reserved.
"""Packing of the prior maps into data samples."""
from typing import List, Sequence, Union

import numpy as np
import torch
from mmpretrain.datasets.transforms import PackInputs

from mmloc.registry import TRANSFORMS
from .fallbacks import FALLBACK_KEY

MapOrViews = Union[np.ndarray, List[np.ndarray]]


def stack_view_maps(maps: MapOrViews, channel: bool) -> torch.Tensor:
    """One map or a list of per-view maps -> ``(V, [1,] H, W)`` tensor.

    A single map counts as one view, so algorithms see the same layout
    with and without ``MultiView``. Views of different sizes (multi-crop)
    cannot be stacked and raise.
    """
    views = maps if isinstance(maps, (list, tuple)) else [maps]
    shapes = {v.shape for v in views}
    if len(shapes) > 1:
        raise ValueError(f'views have different sizes {sorted(shapes)}: '
                         'prior maps can only be batched for equal views')
    out = torch.from_numpy(np.ascontiguousarray(np.stack(views)))
    return out.unsqueeze(1) if channel else out


@TRANSFORMS.register_module()
class PackLocInputs(PackInputs):
    """``PackInputs`` that also packs ``saliency`` and ``segments``.

    Added data-sample fields (when the key is in ``results``):

    - ``saliency``: ``(V, 1, H, W)`` uint8 tensor, one map per view;
    - ``segments``: ``(V, H, W)`` int32 tensor;

    and, in the metainfo, ``crop_bbox`` (list of per-view boxes),
    ``swap_partners`` (SaliencySwap) and ``prior_fallbacks`` (counted
    fallbacks, read by :class:`PriorFallbackHook`). ``V`` is the number of
    views, 1 without ``MultiView``. :class:`LocDataPreprocessor` moves them to
    the device and converts them; ``mmloc.models.utils.stack_priors`` turns
    them into per-view ``(N, 1, H, W)`` / ``(N, H, W)`` batches.

    Example:
        >>> dict(type='PackLocInputs', meta_keys=['img_path'])
    """

    PRIOR_META_KEYS = ('crop_bbox', 'swap_partners', FALLBACK_KEY)

    def __init__(self,
                 input_key: str = 'img',
                 algorithm_keys: Sequence[str] = (),
                 meta_keys: Sequence[str] = PackInputs.DEFAULT_META_KEYS
                 ) -> None:
        meta_keys = tuple(meta_keys) + tuple(
            k for k in self.PRIOR_META_KEYS if k not in meta_keys)
        super().__init__(input_key, algorithm_keys, meta_keys)

    def transform(self, results: dict) -> dict:
        packed = super().transform(results)
        sample = packed['data_samples']
        if results.get('saliency') is not None:
            sample.set_field(stack_view_maps(results['saliency'], True),
                             'saliency')
        if results.get('segments') is not None:
            sample.set_field(stack_view_maps(results['segments'], False),
                             'segments')
        return packed

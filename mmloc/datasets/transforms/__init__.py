# Copyright (c) mmloc contributors. All rights reserved.
"""Prior-aware data transforms (saliency maps and segment masks).

Conventions: ``results['saliency']`` is an ``H x W`` uint8 map (salient >
128), ``results['segments']`` an ``H x W`` int32 id map, both aligned with
``results['img']``; every geometric transform here moves them with the image.
"""
from .fallbacks import FALLBACK_KEY, FallbackCounterMixin, record_fallback
from .formatting import PackLocInputs
from .image_loading import LoadImageFromFile
from .geometric import RandomFlip, RandomResizedCrop, output_to_input
from .loading import LoadSaliencyMap, LoadSegments, grid_segments
from .multi_view import MultiView
from .saliency_crop import SaliencyConstrainedCrop, salient_mask
from .saliency_swap import SaliencySwap

__all__ = [
    'FALLBACK_KEY', 'FallbackCounterMixin', 'record_fallback',
    'PackLocInputs', 'RandomFlip', 'RandomResizedCrop', 'output_to_input',
    'LoadImageFromFile', 'LoadSaliencyMap', 'LoadSegments', 'grid_segments', 'MultiView',
    'SaliencyConstrainedCrop', 'salient_mask', 'SaliencySwap'
]

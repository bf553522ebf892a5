# Copyright (c) mmloc contributors. All rights reserved.
"""Read the batched prior maps back out of data samples."""
from typing import List, Sequence

import torch
from mmpretrain.structures import DataSample


def stack_priors(data_samples: Sequence[DataSample],
                 key: str) -> List[torch.Tensor]:
    """Per-view batches of a prior packed by ``PackLocInputs``.

    Args:
        data_samples: ``N`` samples, each with ``key`` of shape
            ``(V, 1, H, W)`` (``saliency``) or ``(V, H, W)`` (``segments``).
        key: ``'saliency'`` or ``'segments'``.

    Returns:
        list[Tensor]: ``V`` tensors ``(N, 1, H, W)`` / ``(N, H, W)``, view
        order as in the ``inputs`` list.
    """
    missing = [i for i, s in enumerate(data_samples) if key not in s]
    if missing:
        raise KeyError(
            f'data samples {missing[:5]} have no {key!r}: load it in the '
            'pipeline (LoadSaliencyMap / LoadSegments) and pack it with '
            'PackLocInputs')
    batch = torch.stack([s.get(key) for s in data_samples])
    return list(batch.unbind(1))

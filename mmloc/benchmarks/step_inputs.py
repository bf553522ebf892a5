# Copyright (c) mmloc contributors. All rights reserved.
"""Synthetic training batches for :mod:`mmloc.benchmarks.step_cost`.

What the data loader delivers with ``default_collate``: a list of two views,
each a ``(B, 3, S, S)`` uint8 tensor of random pixels, and ``B``
``DataSample`` s carrying what ``PackLocInputs`` packs (``saliency`` uint8
``(2, 1, S, S)``: one random box per view, 255 inside; ``segments`` int32
``(2, S, S)`` for methods that ask for them).
"""
from typing import List, Sequence, Tuple

import torch
from mmpretrain.structures import DataSample

__all__ = ['random_box_map', 'random_segments', 'make_batch', 'step_data']


def random_box_map(gen: torch.Generator, size: int) -> torch.Tensor:
    """uint8 ``(1, S, S)``, 255 in a random box covering 10-60% per side."""
    m = torch.zeros(1, size, size, dtype=torch.uint8)
    h, w = (
        int(size * (0.1 + 0.5 * torch.rand(1, generator=gen).item()))
        for _ in range(2))
    y = int(torch.randint(0, size - h + 1, (1, ), generator=gen))
    x = int(torch.randint(0, size - w + 1, (1, ), generator=gen))
    m[:, y:y + h, x:x + w] = 255
    return m


def random_segments(gen: torch.Generator,
                    size: int,
                    cells: int = 4) -> torch.Tensor:
    """int32 ``(S, S)``: a ``cells x cells`` grid of labels, shifted."""
    ids = torch.arange(cells * cells, dtype=torch.int32).view(cells, cells)
    cell = -(-size // cells)
    grid = ids.repeat_interleave(cell, 0).repeat_interleave(cell, 1)
    grid = grid[:size, :size]
    shift = [int(v) for v in torch.randint(0, size, (2, ), generator=gen)]
    return grid.roll(shift, (0, 1)).contiguous()


def make_batch(batch: int,
               size: int,
               priors: Sequence[str],
               seed: int = 0) -> Tuple[List[torch.Tensor], List[dict]]:
    """Two uint8 views ``(B, 3, S, S)`` and per-sample prior fields."""
    gen = torch.Generator().manual_seed(seed)
    views = [
        torch.randint(
            0, 256, (batch, 3, size, size), dtype=torch.uint8, generator=gen)
        for _ in range(2)
    ]
    fields = []
    for _ in range(batch):
        f = {}
        if 'saliency' in priors:
            f['saliency'] = torch.stack(
                [random_box_map(gen, size) for _ in range(2)])
        if 'segments' in priors:
            f['segments'] = torch.stack(
                [random_segments(gen, size) for _ in range(2)])
        fields.append(f)
    return views, fields


def step_data(views: List[torch.Tensor], fields: List[dict]) -> dict:
    """A fresh collated batch (new DataSamples: the preprocessor converts
    their maps in place)."""
    samples = []
    for f in fields:
        s = DataSample()
        for k, v in f.items():
            s.set_field(v, k)
        samples.append(s)
    return dict(inputs=list(views), data_samples=samples)

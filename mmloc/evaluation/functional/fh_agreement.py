# Copyright (c) mmloc contributors. All rights reserved.
"""How far reduced-resolution FH masks agree with full-resolution ones,
at full resolution and on DetCon's feature grids, and what they save."""
import time
from dataclasses import dataclass, field
from typing import Dict, Sequence, Tuple

import numpy as np
import torch

from mmloc.datasets.priors import best_match_miou, fh_segments
from mmloc.models.utils.sample_masks import grid_masks


def grid_ids(segments: np.ndarray, grid: Tuple[int, int]) -> np.ndarray:
    """``(h, w)`` the id each cell of ``grid`` votes for (DetCon's majority
    vote, :func:`mmloc.models.utils.grid_masks`) in an ``H x W`` id map."""
    onehot, ids = grid_masks(
        torch.from_numpy(segments.astype(np.int64))[None], grid)
    return ids[onehot[0].float().argmax(0)].numpy()


@dataclass
class FHAgreement:
    """Reduced vs full-resolution FH masks over a sample of images.

    ``*_s`` are seconds per image (the two runs interleaved image by image,
    so a change of machine load hits both alike); ``miou`` maps ``'full'``
    and each grid ``'7x7'``... to the mean over images of the best-match
    mIoU (:func:`best_match_miou`, the full-resolution segments as the
    truth) and ``segments`` the mean segment count of each.
    """
    downscale: float
    images: int
    full_s: float
    reduced_s: float
    miou: Dict[str, float] = field(default_factory=dict)
    segments: Tuple[float, float] = (0.0, 0.0)

    @property
    def speedup(self) -> float:
        return self.full_s / self.reduced_s


def fh_agreement(images: Sequence[np.ndarray],
                 downscale: float,
                 grids: Sequence[Tuple[int, int]] = ((7, 7), (14, 14)),
                 **fh_args) -> FHAgreement:
    """Segment each ``H x W x 3`` RGB image at full resolution and at
    ``downscale`` (:func:`fh_segments`, the same ``fh_args``) and compare.
    """
    if not images:
        raise ValueError('fh_agreement needs at least one image')
    times = np.zeros(2)
    scores: Dict[str, list] = {'full': []}
    scores.update({f'{h}x{w}': [] for h, w in grids})
    counts = np.zeros(2)
    for img in images:
        maps = []
        for i, factor in enumerate((1.0, downscale)):
            start = time.perf_counter()
            maps.append(fh_segments(img, downscale=factor, **fh_args))
            times[i] += time.perf_counter() - start
            counts[i] += int(maps[-1].max()) + 1
        full, reduced = maps
        scores['full'].append(best_match_miou(reduced, full))
        for h, w in grids:
            scores[f'{h}x{w}'].append(
                best_match_miou(
                    grid_ids(reduced, (h, w)), grid_ids(full, (h, w))))
    n = len(images)
    return FHAgreement(
        downscale=downscale,
        images=n,
        full_s=times[0] / n,
        reduced_s=times[1] / n,
        miou={
            k: float(np.mean(v))
            for k, v in scores.items()
        },
        segments=(counts[0] / n, counts[1] / n))

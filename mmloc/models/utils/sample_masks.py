# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's masks on the feature grid, and which of them to contrast
(METHODS §2.2)."""
from typing import Optional, Tuple

import torch

#: a mask is present in a view when it holds more than this share of the
#: grid's cells (the reference's threshold)
PRESENT_SHARE = 1e-3


def cell_index(size: int, cells: int, device: torch.device) -> torch.Tensor:
    """``(size,)`` the grid cell of each pixel row (or column):
    ``floor(i * cells / size)``.

    When ``cells`` divides ``size`` (224 -> 7) the cells are the reference's
    non-overlapping ``size / cells`` windows; otherwise they are the nearest
    partition into ``cells`` runs of near-equal length.
    """
    return torch.arange(size, device=device) * cells // size


def _unique_ids(segments: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """``torch.unique(segments, return_inverse=True)`` (``local`` int64), by
    a look-up table when the ids span at most ``segments.numel()`` values
    (no sort), else by ``torch.unique``."""
    if segments.numel() == 0 or segments.dtype == torch.bool:
        return torch.unique(segments, return_inverse=True)
    lo, hi = torch.aminmax(segments)
    lo, hi = int(lo), int(hi)
    span = hi - lo + 1
    if span > segments.numel():
        return torch.unique(segments, return_inverse=True)
    shifted = (segments - lo).long()
    present = torch.bincount(shifted.flatten(), minlength=span) > 0
    ids = present.nonzero().flatten().to(segments.dtype) + lo
    table = present.cumsum(0) - 1
    return ids, table[shifted]


def grid_masks(segments: torch.Tensor,
               grid: Tuple[int, int]) -> Tuple[torch.Tensor, torch.Tensor]:
    """Majority vote of segment ids in each cell of a ``grid``.

    Equals one-hot over ids, average pooling to the grid, argmax, one-hot
    (ties go to the smallest id, as ``argmax`` over a one-hot ordered by id),
    but counts ids per cell with one ``bincount`` instead of materialising a
    full-resolution one-hot, so 16-bit ids cost no more than 8-bit ones.

    Args:
        segments (Tensor): ``(N, H, W)`` integer segment ids, ``H >= h``,
            ``W >= w``.
        grid (tuple[int, int]): ``(h, w)``, the feature map's size.

    Returns:
        tuple[Tensor, Tensor]:

        - ``onehot``: ``(N, K, h, w)`` bool, cell ``(i, j)`` of image ``n``
          belongs to id ``ids[k]``; exactly one ``k`` per cell.
        - ``ids``: ``(K,)`` the distinct ids of the whole batch, ascending
          (the dtype of ``segments``).
    """
    if segments.dim() != 3:
        raise ValueError('segments must be (N, H, W), got '
                         f'{tuple(segments.shape)}')
    if segments.is_floating_point():
        raise TypeError(f'segments must hold integer ids, got '
                        f'{segments.dtype}')
    n, height, width = segments.shape
    h, w = grid
    if h > height or w > width:
        raise ValueError(f'grid {h}x{w} is finer than the {height}x{width} '
                         'segment map')
    ids, local = _unique_ids(segments)
    k = ids.numel()
    rows = cell_index(height, h, segments.device)
    cols = cell_index(width, w, segments.device)
    # (image, cell) of each pixel, times k: the same bins as
    # (image * h * w + cell) * k + local
    cell = (rows[:, None] * w + cols[None, :]) * k
    image = torch.arange(n, device=segments.device)[:, None, None]
    flat = local.add_(cell).add_(image * (h * w * k))
    counts = torch.bincount(flat.flatten(), minlength=n * h * w * k)
    winner = counts.view(n, h * w, k).argmax(dim=2)
    onehot = torch.zeros(n, k, h * w, dtype=torch.bool,
                         device=segments.device)
    onehot.scatter_(1, winner[:, None], True)
    return onehot.view(n, k, h, w), ids


def sample_masks(
    segments: torch.Tensor,
    num_samples: int = 16,
    grid: Tuple[int, int] = (7, 7),
    generator: Optional[torch.Generator] = None
) -> Tuple[torch.Tensor, torch.Tensor]:
    """Binary masks on the feature grid and the ids drawn for DetCon's loss.

    Each cell goes to the id most of its pixels carry (:func:`grid_masks`);
    then ``num_samples`` ids per image are drawn uniformly **with
    replacement** among the ids present in that view (more than
    ``PRESENT_SHARE`` of the grid), so one mask can be drawn several times
    (the loss weights it down by its draw count) and every image yields the
    same number of masks. An image with no id above the share (possible on
    grids of more than 1000 cells) draws among the ids that win any cell.

    Args:
        segments (Tensor): ``(N, H, W)`` integer ids of one view.
        num_samples (int): ``S``, ids drawn per image.
        grid (tuple[int, int]): ``(h, w)``, the size of the feature map the
            masks pool.
        generator (torch.Generator, optional): source of the draws (on the
            segments' device); the global generator when None.

    Returns:
        tuple[Tensor, Tensor]:

        - ``masks``: ``(N, S, h, w)`` float, 1 on the cells of each drawn id.
        - ``ids``: ``(N, S)`` int64, the drawn ids (the values in
          ``segments``, so the two views of an image can be matched).
    """
    if num_samples < 1:
        raise ValueError(f'num_samples must be >= 1, got {num_samples}')
    onehot, ids = grid_masks(segments, grid)
    n, k, h, w = onehot.shape
    share = onehot.flatten(2).float().mean(dim=2)
    present = share > PRESENT_SHARE
    # On grids of more than 1000 cells an image can have no id above the
    # share; its ids that win any cell are drawn then (the reference's 1e-11
    # floor would draw ids with no cell at all, i.e. empty masks).
    none = ~present.any(dim=1)
    present[none] = share[none] > 0
    picked = torch.multinomial(
        present.float(), num_samples, replacement=True, generator=generator)
    masks = torch.gather(
        onehot.flatten(2), 1,
        picked[:, :, None].expand(n, num_samples, h * w))
    return masks.view(n, num_samples, h, w).float(), ids[picked].long()

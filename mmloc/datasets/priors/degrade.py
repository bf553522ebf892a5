# Copyright (c) mmloc contributors. All rights reserved.
"""Ground-truth id masks (0 = background) dilated, eroded or given noisy
boundaries: priors of graded quality, each measured against its truth.
``level`` is a fraction of the image's **shorter side**, the same relative
damage at any resolution: on a 375 x 500 image 0.05 is 19 px."""
import hashlib
from multiprocessing import Pool
from pathlib import Path
from typing import Dict, Tuple

import cv2
import numpy as np
from tqdm import tqdm

from mmloc.datasets.image_files import read_image
from mmloc.utils.fileio import atomic_write

MODES = ('dilate', 'erode', 'boundary_noise')
OUTPUTS = ('ids', 'saliency')
#: Boundary-noise field smoothness (Gaussian sigma / shorter side).
NOISE_SMOOTH = 0.05


def _check(mode: str, level: float) -> None:
    if mode not in MODES:
        raise ValueError(f'mode {mode!r} is not one of {MODES}')
    if not np.isfinite(level) or level < 0:
        raise ValueError(f'level must be a finite number >= 0, got {level}')


def _disc(r: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, ) * 2)


def _dilate(mask: np.ndarray, r: int) -> np.ndarray:
    fg = (mask > 0).astype(np.uint8)
    new = (cv2.dilate(fg, _disc(r)) > 0) & (fg == 0)
    out = mask.copy()
    if new.any():  # each new pixel goes to its nearest object
        _, lab = cv2.distanceTransformWithLabels(
            1 - fg, cv2.DIST_L2, cv2.DIST_MASK_5,
            labelType=cv2.DIST_LABEL_PIXEL)
        owners = mask[fg > 0]  # label k = k-th object pixel, row-major
        out[new] = owners[lab[new] - 1]
    return out


def _erode(mask: np.ndarray, r: int) -> np.ndarray:
    out = np.zeros_like(mask)
    h, w = mask.shape
    kernel = _disc(r)
    for i in np.unique(mask[mask > 0]):
        ys, xs = np.nonzero(mask == i)
        # a crop padded by r + 1 px erodes as the full image would
        y0, y1 = max(ys.min() - r - 1, 0), min(ys.max() + r + 2, h)
        x0, x1 = max(xs.min() - r - 1, 0), min(xs.max() + r + 2, w)
        crop = (mask[y0:y1, x0:x1] == i).astype(np.uint8)
        kept = cv2.erode(crop, kernel) > 0
        out[y0:y1, x0:x1][kept] = i
    return out


def _boundary_noise(mask: np.ndarray, level: float, rng: np.random.Generator,
                    smooth: float) -> np.ndarray:
    (h, w), side = mask.shape, min(mask.shape)
    sigma = max(smooth * side, 0.5)
    field = rng.standard_normal((2, h, w)).astype(np.float32)
    for c in field:
        cv2.GaussianBlur(c, (0, 0), sigma, dst=c,
                         borderType=cv2.BORDER_REFLECT)
        std = c.std()
        c *= level * side / std if std > 0 else 0.0
    ys, xs = np.mgrid[0:h, 0:w]  # nearest, border replicated (cv2.remap
    # would refuse int32 / int64 ids)
    yi = np.clip(np.rint(ys + field[1]), 0, h - 1).astype(np.intp)
    xi = np.clip(np.rint(xs + field[0]), 0, w - 1).astype(np.intp)
    return mask[yi, xi]


def degrade_mask(mask: np.ndarray, mode: str, level: float,
                 rng: np.random.Generator,
                 smooth: float = NOISE_SMOOTH) -> np.ndarray:
    """Degrade an ``H x W`` integer id mask (0 = background).

    Args:
        mask: ``H x W`` ids, any integer dtype; 0/1 for a binary mask.
        mode: ``'dilate'``: every object grows by ``r = round(level * min(H,
            W))`` px (elliptical structuring element of diameter ``2r+1``);
            only background pixels change, each to the nearest object.
            ``'erode'``: every object shrinks by ``r`` on its own (a shared
            boundary recedes on both sides; the image border does not
            erode); an object thinner than ``2r`` vanishes.
            ``'boundary_noise'``: the ids are resampled (nearest) through a
            smooth random displacement field: white noise blurred by a
            Gaussian of sigma ``smooth * min(H, W)``, each component scaled
            to a standard deviation of ``level * min(H, W)`` px: boundaries
            wiggle, topology is roughly kept while ``level < smooth``.
        level: damage as a fraction of the shorter side, ``>= 0``; 0
            returns a copy of ``mask``.
        rng: only ``'boundary_noise'`` draws from it (deterministic given
            its state). smooth: see ``'boundary_noise'``.

    Returns:
        np.ndarray: ``H x W``, the dtype of ``mask``; no new ids appear.
    """
    _check(mode, level)
    mask = np.asarray(mask)
    if mask.ndim != 2 or mask.dtype.kind not in 'ui':
        raise ValueError(f'expected an H x W integer id mask, got a '
                         f'{mask.dtype} array of shape {mask.shape}')
    r = int(round(level * min(mask.shape)))
    if level == 0 or (mode != 'boundary_noise' and r == 0):
        return mask.copy()
    if mode == 'dilate':
        return _dilate(mask, r)
    if mode == 'erode':
        return _erode(mask, r)
    return _boundary_noise(mask, level, rng, smooth)


def mask_iou(pred: np.ndarray, true: np.ndarray) -> float:
    """IoU of foregrounds ``pred > 0`` and ``true > 0`` (``H x W`` each);
    1.0 when both are empty."""
    p, t = np.asarray(pred) > 0, np.asarray(true) > 0
    union = np.logical_or(p, t).sum()
    return 1.0 if union == 0 else float(np.logical_and(p, t).sum() / union)


def best_match_miou(pred: np.ndarray, true: np.ndarray) -> float:
    """Mean over every id in ``true`` -- background 0 included -- of its
    best IoU with any id region of ``pred`` (0 included).

    Both are ``H x W`` integer id maps; ids need not correspond (a 0/255
    saliency map is fine as ``pred``). For 0/1 masks it is the mean of the
    background and foreground IoUs when those are the best matches.
    """
    pred, true = np.asarray(pred), np.asarray(true)
    if pred.shape != true.shape:
        raise ValueError(f'shapes differ: {pred.shape} vs {true.shape}')
    p = np.unique(pred, return_inverse=True)[1].ravel()
    t = np.unique(true, return_inverse=True)[1].ravel()
    n_p = p.max() + 1  # sparse: only the (true, pred) pairs that meet
    pairs, inter = np.unique(t.astype(np.int64) * n_p + p, return_counts=True)
    ti, pi = pairs // n_p, pairs % n_p
    iou = inter / (np.bincount(t)[ti] + np.bincount(p)[pi] - inter)
    best = np.zeros(t.max() + 1)
    np.maximum.at(best, ti, iou)
    return float(best.mean())


def count_vanished(pred: np.ndarray, true: np.ndarray) -> int:
    """Objects (ids > 0) of ``true`` not overlapped by any foreground pixel
    of ``pred`` (``H x W`` each): what the prior no longer shows at all."""
    true = np.asarray(true)
    ids = np.unique(true[true > 0])
    seen = np.unique(true[(np.asarray(pred) > 0) & (true > 0)])
    return int(len(ids) - len(seen))


def file_seed(seed: int, rel: str) -> int:
    """A stable 64-bit seed for file ``rel`` (posix path relative to the
    tree) -- unlike ``hash()``, the same in every process and run."""
    digest = hashlib.sha256(f'{seed}:{rel}'.encode()).digest()
    return int.from_bytes(digest[:8], 'little')


def _read_ids(path: Path) -> np.ndarray:
    arr = read_image(path, cv2.IMREAD_UNCHANGED)
    if arr.ndim != 2 or arr.dtype.kind not in 'ui':
        raise ValueError(f'{path}: a {arr.dtype} array of shape {arr.shape}'
                         ', expected a 2-D integer id mask')
    return arr


def _degrade_file(job: tuple) -> Tuple[float, float, int, int, bool]:
    src, in_dir, out_dir, mode, level, seed, output, overwrite = job
    rel, true = src.relative_to(in_dir), _read_ids(src)
    dst = out_dir / rel
    skipped = dst.exists() and not overwrite
    if skipped:  # resumed: measure the prior already there
        prior = _read_ids(dst)
        if prior.shape != true.shape:
            raise ValueError(f'{dst}: not the shape of {src} {true.shape}')
    else:
        rng = np.random.default_rng(file_seed(seed, rel.as_posix()))
        prior = degrade_mask(true, mode, level, rng)
        if output == 'saliency':
            prior = np.where(prior > 0, 255, 0).astype(np.uint8)
        else:
            prior = prior.astype(np.uint8 if prior.max() < 256 else np.uint16)
        ok, buf = cv2.imencode('.png', prior)
        if not ok:
            raise ValueError(f'{dst}: cannot encode PNG')
        atomic_write(buf.tobytes(), dst)
    n_obj = len(np.unique(true[true > 0]))
    return (mask_iou(prior, true), best_match_miou(prior, true),
            count_vanished(prior, true), n_obj, skipped)


def degrade_tree(in_dir: str, out_dir: str, mode: str, level: float,
                 seed: int = 0, output: str = 'ids', workers: int = 1,
                 overwrite: bool = False) -> Dict[str, object]:
    """:func:`degrade_mask` every ``*.png`` id mask under ``in_dir`` into
    the mirrored path under ``out_dir`` (``NN_class/name.png`` stays so).

    A file's rng is seeded by :func:`file_seed` of ``seed`` and its relative
    path: outputs do not depend on ``workers`` or order. Writes are atomic;
    existing outputs are kept (resume) unless ``overwrite``, and measured as
    they are: use one ``out_dir`` per (mode, level, seed, output).
    ``output='ids'`` writes the ids (uint8 PNG if the largest is < 256, else
    uint16; for ``LoadSegments(source='file')``), ``'saliency'`` uint8 0/255
    maps (for ``LoadSaliencyMap``, as ``gen_saliency.py
    --foreground-masks``).

    Returns:
        dict: the arguments, ``files``, ``written``, ``skipped``, ``objects``
        (ids > 0 in the inputs), ``vanished`` (:func:`count_vanished`) and
        the per-file means of :func:`mask_iou` (``foreground_iou``) and
        :func:`best_match_miou` of each written prior against its input.

    Raises ``ValueError`` on a bad argument, no PNG under ``in_dir``, or a
    file unreadable or not a 2-D integer mask (the message names it).
    """
    _check(mode, level)
    if output not in OUTPUTS:
        raise ValueError(f'output {output!r} is not one of {OUTPUTS}')
    src_root, dst_root = Path(in_dir), Path(out_dir)
    if not src_root.is_dir():
        raise ValueError(f'{in_dir}: no such directory')
    if src_root.resolve() in (dst_root.resolve(), *dst_root.resolve().parents):
        raise ValueError(f'out_dir {out_dir} is inside in_dir {in_dir}')
    srcs = sorted(src_root.rglob('*.png'))
    if not srcs:
        raise ValueError(f'{in_dir}: no .png files')
    jobs = [(s, src_root, dst_root, mode, float(level), seed, output,
             overwrite) for s in srcs]
    bar = dict(total=len(jobs), desc=f'{mode} {level}')
    if workers > 1:
        with Pool(workers) as pool:
            res = list(tqdm(pool.imap(_degrade_file, jobs, 4), **bar))
    else:
        res = [_degrade_file(j) for j in tqdm(jobs, **bar)]
    ious, mious, vanished, objects, skipped = zip(*res)
    return dict(mode=mode, level=float(level), seed=seed, output=output,
                files=len(res), written=len(res) - sum(skipped),
                skipped=sum(skipped), objects=sum(objects),
                vanished=sum(vanished), foreground_iou=float(np.mean(ious)),
                best_match_miou=float(np.mean(mious)))

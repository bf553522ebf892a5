# Copyright (c) mmloc contributors. All rights reserved.
"""Classical weight-free saliency maps (OpenCV contrib) and map import."""
from pathlib import Path
from typing import Dict

import cv2
import numpy as np

from mmloc.datasets.image_files import read_image
from mmloc.utils.fileio import atomic_write

_METHODS = {
    'spectral_residual': cv2.saliency.StaticSaliencySpectralResidual_create,
    'fine_grained': cv2.saliency.StaticSaliencyFineGrained_create,
}
METHODS = tuple(_METHODS)


def _read(path: Path, flag: int) -> np.ndarray:
    return read_image(path, flag)


def _write_png(arr: np.ndarray, dst: Path) -> None:
    ok, buf = cv2.imencode('.png', arr)
    if not ok:
        raise IOError(f'cannot encode PNG {dst}')
    dst.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(buf.tobytes(), dst)


def saliency_map(bgr: np.ndarray, method: str) -> np.ndarray:
    """``H x W x 3`` uint8 BGR -> ``H x W`` uint8 map, min-max to 0..255."""
    ok, sal = _METHODS[method]().computeSaliency(bgr)
    if not ok:
        raise RuntimeError(f'{method} saliency failed')
    sal = cv2.resize(np.asarray(sal, np.float32), bgr.shape[1::-1])
    return cv2.normalize(sal, None, 0, 255, cv2.NORM_MINMAX, cv2.CV_8U)


def saliency_file(src: Path, dst: Path, method: str) -> None:
    """Compute ``method``'s map for image ``src`` and write it to ``dst``."""
    _write_png(saliency_map(_read(src, cv2.IMREAD_COLOR), method), dst)


def import_file(src: Path,
                dst: Path,
                map_dir: str,
                in_dir: str,
                foreground: bool = False) -> None:
    """Adopt the external map mirroring image ``src`` (validated) as ``dst``.

    Args:
        src: the image; its map is ``map_dir / (src relative to in_dir)``
            with a ``.png`` suffix.
        dst: where the adopted ``H x W`` uint8 map is written.
        map_dir: the external maps' root.
        in_dir: the images' root.
        foreground: the external files are masks (instance ids or 0/1, any
            integer dtype, e.g. ground truth): id > 0 becomes 255, the rest
            0 -- an oracle saliency map. Without it they must be 0..255
            saliency maps; a uint8 file whose largest value is 1 is refused
            as a mask passed by mistake (at CAST's threshold of 128 it would
            be an empty map, and every view a counted fallback).
    """
    mp = Path(map_dir) / Path(src).relative_to(in_dir).with_suffix('.png')
    sal = _read(mp, cv2.IMREAD_UNCHANGED)
    if foreground:
        if sal.ndim != 2 or sal.dtype.kind not in 'ui':
            raise ValueError(f'{mp}: a {sal.dtype} array of shape '
                             f'{sal.shape}, expected an integer id mask')
        sal = np.where(sal > 0, 255, 0).astype(np.uint8)
    else:
        if sal.ndim == 3:
            sal = cv2.cvtColor(sal[..., :3], cv2.COLOR_BGR2GRAY)
        if sal.dtype != np.uint8:
            raise ValueError(
                f'{mp}: dtype {sal.dtype}, expected uint8 0..255')
        if sal.max() == 1:
            raise ValueError(f'{mp}: values 0/1, a mask rather than a 0..255 '
                             'saliency map; import masks as foreground '
                             '(gen_saliency.py --foreground-masks)')
    h, w = _read(src, cv2.IMREAD_COLOR).shape[:2]
    if sal.shape != (h, w):
        raise ValueError(f'saliency map {mp} is {sal.shape[1]}x{sal.shape[0]}'
                         f' but image {src} is {w}x{h}')
    _write_png(sal, dst)


def mean_iou(map_dir: str, gt_dir: str, thr: int = 128) -> Dict[str, float]:
    """Mean IoU of maps binarised ``> thr`` (as the reference) vs GT masks.

    GT PNGs are instance-id maps; foreground is id > 0. Maps mirror GT paths.
    """
    ious = []
    for gt in sorted(Path(gt_dir).rglob('*.png')):
        mp = Path(map_dir) / gt.relative_to(gt_dir)
        pred = _read(mp, cv2.IMREAD_GRAYSCALE) > thr
        fg = _read(gt, cv2.IMREAD_UNCHANGED) > 0
        union = np.logical_or(pred, fg).sum()
        ious.append(1.0 if union == 0 else
                    np.logical_and(pred, fg).sum() / union)
    return {'n': len(ious), 'miou': float(np.mean(ious)) if ious else 0.0}

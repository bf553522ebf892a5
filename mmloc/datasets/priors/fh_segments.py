# Copyright (c) mmloc contributors. All rights reserved.
"""Felzenszwalb-Huttenlocher segment masks (DetCon, METHODS §2.1)."""
from pathlib import Path

import cv2
import numpy as np
from skimage.segmentation import felzenszwalb

from mmloc.utils.fileio import atomic_write


def fh_segments(img: np.ndarray, scale: float = 1000, sigma: float = 0.8,
                min_size: int = 1000) -> np.ndarray:
    """FH segments of an ``H x W x 3`` uint8 RGB image.

    Returns:
        np.ndarray: ``H x W`` uint16 ids 0..n-1. Raises ``ValueError`` if
        there are more than 65535 segments (ids would not fit 16 bits;
        the reference silently wrapped at 255).
    """
    seg = felzenszwalb(img, scale=scale, sigma=sigma, min_size=min_size)
    if seg.max() > 65535:
        raise ValueError(f'{int(seg.max()) + 1} FH segments do not fit a '
                         '16-bit PNG; raise --min-size or --scale')
    return seg.astype(np.uint16)


def fh_file(src: Path, dst: Path, scale: float = 1000, sigma: float = 0.8,
            min_size: int = 1000) -> None:
    """Read ``src`` (full resolution), write its FH ids as 16-bit PNG."""
    bgr = cv2.imread(str(src), cv2.IMREAD_COLOR)
    if bgr is None:
        raise IOError(f'cannot read image {src}')
    seg = fh_segments(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), scale, sigma,
                      min_size)
    ok, buf = cv2.imencode('.png', seg)
    if not ok:
        raise IOError(f'cannot encode PNG for {src}')
    dst.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(buf.tobytes(), dst)

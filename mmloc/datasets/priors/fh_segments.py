# Copyright (c) mmloc contributors. All rights reserved.
"""Felzenszwalb-Huttenlocher segment masks (DetCon, METHODS §2.1)."""
from pathlib import Path

import cv2
import numpy as np
from skimage.segmentation import felzenszwalb

from mmloc.datasets.image_files import read_image
from mmloc.utils.fileio import atomic_write

#: how :func:`fh_file` encodes its PNGs: zlib level 1
PNG_PARAMS = [cv2.IMWRITE_PNG_COMPRESSION, 1]


def fh_segments(img: np.ndarray,
                scale: float = 1000,
                sigma: float = 0.8,
                min_size: int = 1000,
                downscale: float = 1.0) -> np.ndarray:
    """FH segments of an ``H x W x 3`` uint8 RGB image.

    With ``downscale < 1`` the image is segmented at that fraction ``f`` of
    its side (area-averaged) and the ids are scaled back up
    nearest-neighbour to ``H x W`` -- the reduced-resolution mode for
    ImageNet-scale runs. ``min_size`` counts pixels, so it shrinks with the
    area ratio ``f**2``; FH's threshold ``scale`` shrinks only with
    ``sqrt(f)`` and ``sigma`` is kept, because area averaging already
    smooths texture (its internal differences fall), so the exact ``f**2``
    / ``f`` scaling over-segments: on the procedural 480 x 640 images at
    ``f = 0.5`` it gave 52 segments per image against 19 at full
    resolution, this one 20 (``tools/benchmarks/bench_fh.py``).

    Returns:
        np.ndarray: ``H x W`` uint16 ids 0..n-1 (every id present: an
        upscale by >= 1 samples every low-resolution pixel). Raises
        ``ValueError`` if there are more than 65535 segments (ids would
        not fit 16 bits; the reference silently wrapped at 255).
    """
    if not 0 < downscale <= 1:
        raise ValueError(f'downscale must be in (0, 1], got {downscale}')
    height, width = img.shape[:2]
    if downscale < 1:
        size = (max(1,
                    round(width * downscale)), max(1,
                                                   round(height * downscale)))
        small = cv2.resize(img, size, interpolation=cv2.INTER_AREA)
        area = size[0] * size[1] / (width * height)  # f**2, as rounded
        seg = felzenszwalb(
            small,
            scale=scale * area**0.25,
            sigma=sigma,
            min_size=max(1, round(min_size * area)))
    else:
        seg = felzenszwalb(img, scale=scale, sigma=sigma, min_size=min_size)
    if seg.max() > 65535:
        raise ValueError(f'{int(seg.max()) + 1} FH segments do not fit a '
                         '16-bit PNG; raise --min-size or --scale')
    seg = seg.astype(np.uint16)
    if seg.shape != (height, width):
        seg = cv2.resize(seg, (width, height), interpolation=cv2.INTER_NEAREST)
    return seg


def fh_file(src: Path,
            dst: Path,
            scale: float = 1000,
            sigma: float = 0.8,
            min_size: int = 1000,
            downscale: float = 1.0) -> None:
    """Read ``src``, write its FH ids (:func:`fh_segments`, at
    ``downscale`` of its resolution) as a PNG of ``src``'s size: 8-bit if
    the ids fit (at most 256 segments, the usual case), else 16-bit.

    The 8-bit file, written at zlib level 1 (:data:`PNG_PARAMS`), decodes
    about 4x faster than the 16-bit one at OpenCV's default settings (0.3
    against 1.2-1.4 ms at 400 x 400): ``LoadSegments`` reads one per
    sample and gives the same int32 ids from either.
    """
    bgr = read_image(src, cv2.IMREAD_COLOR)
    seg = fh_segments(
        cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), scale, sigma, min_size,
        downscale)
    if seg.max() <= 255:
        seg = seg.astype(np.uint8)
    ok, buf = cv2.imencode('.png', seg, PNG_PARAMS)
    if not ok:
        raise IOError(f'cannot encode PNG for {src}')
    dst.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(buf.tobytes(), dst)

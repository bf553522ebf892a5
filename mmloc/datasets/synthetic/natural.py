# Copyright (c) mmloc contributors. All rights reserved.
"""Natural source images for background crops, from scikit-image.

Only images shipped inside the scikit-image wheel are used (no download).
Each is decoded (and its pyramid built) once per process and cached.
"""
from functools import lru_cache
from typing import Tuple

import cv2
import numpy as np

#: scikit-image ``skimage.data`` functions used as background sources.
NATURAL_SOURCES: Tuple[str, ...] = ('brick', 'grass', 'gravel', 'coffee',
                                    'chelsea', 'astronaut')


@lru_cache(maxsize=None)
def natural_image(name: str) -> np.ndarray:
    """Load a bundled scikit-image sample as RGB, once per process.

    Grey images are replicated to three channels.

    Args:
        name (str): One of :data:`NATURAL_SOURCES`.

    Returns:
        np.ndarray: (H, W, 3) uint8 RGB, read-only.
    """
    if name not in NATURAL_SOURCES:
        raise ValueError(f'unknown natural source {name!r}; '
                         f'expected one of {NATURAL_SOURCES}')
    import skimage.data  # deferred: only the natural families need it

    img = getattr(skimage.data, name)()
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    img = np.ascontiguousarray(img[..., :3], dtype=np.uint8)
    img.setflags(write=False)
    return img


@lru_cache(maxsize=None)
def natural_pyramid(name: str) -> Tuple[np.ndarray, ...]:
    """Gaussian pyramid of a source: level ``k`` is 2**k times smaller.

    Cropping from the level just above the output size and finishing with
    a bilinear resize is ~15x faster than an area resize of a full-scale
    crop, and as free of aliasing.

    Returns:
        tuple[np.ndarray]: (H_k, W_k, 3) uint8 RGB levels, read-only.
    """
    levels = [natural_image(name)]
    while min(levels[-1].shape[:2]) >= 64:
        level = cv2.pyrDown(levels[-1])
        level.setflags(write=False)
        levels.append(level)
    return tuple(levels)


def preload_natural_images() -> None:
    """Decode every source now, so forked workers inherit the cache."""
    for name in NATURAL_SOURCES:
        natural_pyramid(name)

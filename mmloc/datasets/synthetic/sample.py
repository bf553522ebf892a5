# Copyright (c) mmloc contributors. All rights reserved.
"""The rendered sample container."""
from dataclasses import dataclass

import numpy as np


@dataclass
class SyntheticSample:
    """One rendered image with its layers and annotations.

    All images are **RGB** (convert with ``img[..., ::-1]`` for OpenCV).
    Compositing is binary (no anti-aliased edges), so the masks are exact:
    ``img == np.where(fg_mask[..., None], foreground, background)``.

    Attributes:
        img (np.ndarray): (H, W, 3) uint8 RGB composite.
        background (np.ndarray): (H, W, 3) uint8 RGB, the pure background
            layer (what is behind the objects).
        foreground (np.ndarray): (H, W, 3) uint8 RGB, the visible object
            pixels, 0 elsewhere.
        semantic (np.ndarray): (H, W) uint8, 0 = background, ``c + 1`` for
            class ``c``.
        instances (np.ndarray): (H, W) int32, 0 = background, ``1..K`` for
            the visible instances in paint order (back to front).
        labels (np.ndarray): (K, ) int64 class of each instance.
        boxes (np.ndarray): (K, 4) float32 ``x1, y1, x2, y2`` of each
            instance's *visible* pixels, pixel-edge convention (``x2`` is
            the last column + 1), so ``w = x2 - x1 >= 1``.
        family (int): Background family index.
        label (int): Image-level class: the main object's, which is painted
            last (frontmost), so it is never occluded or dropped. It is
            ``labels[-1]``.
    """
    img: np.ndarray
    background: np.ndarray
    foreground: np.ndarray
    semantic: np.ndarray
    instances: np.ndarray
    labels: np.ndarray
    boxes: np.ndarray
    family: int
    label: int

    @property
    def fg_mask(self) -> np.ndarray:
        """(H, W) bool: the compositing alpha (union of visible objects)."""
        return self.instances > 0

    @property
    def num_instances(self) -> int:
        return len(self.labels)

    def instance_masks(self) -> np.ndarray:
        """(K, H, W) bool visible mask of each instance, in paint order."""
        ids = np.arange(1, self.num_instances + 1, dtype=np.int32)
        return self.instances[None] == ids[:, None, None]

    def main_mask(self) -> np.ndarray:
        """(H, W) bool mask of the main (image-label) object."""
        return self.instances == self.num_instances

# Copyright (c) mmloc contributors. All rights reserved.
"""Random colour helpers (RGB, float32 in [0, 255])."""
import cv2
import numpy as np

from .ops import affine_channels

# ITU-R BT.601 luma weights of R, G, B.
_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def hsv_to_rgb(hsv: np.ndarray) -> np.ndarray:
    """Convert HSV colours to RGB.

    Args:
        hsv (np.ndarray): (..., 3) float, hue in [0, 1) (wraps), saturation
            and value in [0, 1].

    Returns:
        np.ndarray: (..., 3) float32 RGB in [0, 255].
    """
    hsv = np.asarray(hsv, dtype=np.float32)
    flat = hsv.reshape(1, -1, 3).copy()
    flat[..., 0] = (flat[..., 0] % 1.0) * 360.0
    rgb = cv2.cvtColor(flat, cv2.COLOR_HSV2RGB)
    return rgb.reshape(hsv.shape) * 255.0


def contrasting_pair(rng: np.random.Generator,
                     min_luma_gap: float = 70.0,
                     tries: int = 8) -> np.ndarray:
    """Two saturated colours that differ in hue and brightness.

    Foreground textures use these, so a pattern stays readable whatever
    the hue, and the colour itself carries no class information. Pairs
    whose luma differs by less than ``min_luma_gap`` (a saturated blue is
    darker than its HSV value suggests) are redrawn, up to ``tries`` times.

    Returns:
        np.ndarray: (2, 3) float32 RGB in [0, 255].
    """
    for _ in range(tries):
        hue = rng.random()
        bright, dark = rng.uniform(0.8, 1.0), rng.uniform(0.2, 0.45)
        if rng.random() < 0.5:
            bright, dark = dark, bright
        colors = hsv_to_rgb(
            np.array(
                [[hue, rng.uniform(0.55, 1.0), bright],
                 [hue + rng.uniform(0.25, 0.75),
                  rng.uniform(0.55, 1.0), dark]]))
        luma = colors @ _LUMA
        if abs(luma[0] - luma[1]) >= min_luma_gap:
            break
    return colors


def muted_colors(rng: np.random.Generator,
                 n: int,
                 sat=(0.15, 0.5),
                 val=(0.35, 0.85)) -> np.ndarray:
    """``n`` desaturated colours, used by procedural backgrounds.

    Returns:
        np.ndarray: (n, 3) float32 RGB in [0, 255].
    """
    hsv = np.stack([rng.random(n),
                    rng.uniform(*sat, n),
                    rng.uniform(*val, n)],
                   axis=1)
    return hsv_to_rgb(hsv)


def jitter(img: np.ndarray,
           rng: np.random.Generator,
           strength: float = 1.0) -> np.ndarray:
    """Mild per-channel gain, contrast and brightness jitter.

    Args:
        img (np.ndarray): (H, W, 3) float32 RGB in [0, 255].
        strength (float): Scale of all jitter ranges.

    Returns:
        np.ndarray: (H, W, 3) float32, not clipped.
    """
    gains = 1.0 + strength * rng.uniform(-0.08, 0.08, 3)
    contrast = 1.0 + strength * rng.uniform(-0.15, 0.15)
    shift = strength * rng.uniform(-12.0, 12.0)
    mean = float(np.mean(cv2.mean(img)[:3]))
    # ((img - mean) * contrast + mean + shift) * gains, as one affine map.
    return affine_channels(img, contrast * gains,
                           (mean * (1.0 - contrast) + shift) * gains)

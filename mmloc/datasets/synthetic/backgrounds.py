# Copyright (c) mmloc contributors. All rights reserved.
"""Background texture families.

Six families are random crops of scikit-image's bundled photographs (one
family per source image, random position / scale / flip, a fixed
per-family tint for the grey textures so that brick, grass and gravel also
differ in colour), five are procedural. Every background gets a mild
random colour jitter. Procedural families use desaturated colours so that
the saturated foreground textures stay visible on them.
"""
from functools import lru_cache
from typing import Callable, Dict, Tuple

import cv2
import numpy as np

from .colors import hsv_to_rgb, jitter, muted_colors
from .natural import natural_pyramid
from .ops import affine_channels, lerp_colors, to_uint8

Size = Tuple[int, int]
FamilyFn = Callable[[np.random.Generator, Size], np.ndarray]


@lru_cache(maxsize=8)
def _grid(size: Size) -> Tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates scaled by the longer side: (H, W) float32."""
    h, w = size
    scale = float(max(h, w))
    yy, xx = np.meshgrid(
        (np.arange(h, dtype=np.float32) + 0.5) / scale,
        (np.arange(w, dtype=np.float32) + 0.5) / scale,
        indexing='ij')
    yy.setflags(write=False)
    xx.setflags(write=False)
    return yy, xx


def _low_freq_noise(rng: np.random.Generator, size: Size,
                    cells: int) -> np.ndarray:
    """Smooth noise in [0, 1]: a ``cells`` x ``cells`` grid upsampled."""
    h, w = size
    noise = cv2.resize(
        rng.random((cells, cells), dtype=np.float32), (w, h),
        interpolation=cv2.INTER_CUBIC)
    lo, hi = noise.min(), noise.max()
    return (noise - lo) / max(hi - lo, 1e-6)


def _natural(source: str, tint: Tuple[float, float, float]) -> FamilyFn:

    def family(rng: np.random.Generator, size: Size) -> np.ndarray:
        h, w = size
        pyramid = natural_pyramid(source)
        sh, sw = pyramid[0].shape[:2]
        # Crop with the output's aspect ratio, so nothing is stretched.
        ch = int(min(sh, sw * h / w) * rng.uniform(0.3, 0.75))
        cw = max(1, round(ch * w / h))
        y0 = int(rng.integers(0, sh - ch + 1))
        x0 = int(rng.integers(0, sw - cw + 1))
        # The coarsest level where the crop is still >= the output size.
        level = min(max(0, int(np.log2(ch / h))), len(pyramid) - 1)
        src, s = pyramid[level], 1 << level
        crop = cv2.resize(
            src[y0 // s:(y0 + ch) // s, x0 // s:(x0 + cw) // s], (w, h),
            interpolation=cv2.INTER_LINEAR)
        if rng.random() < 0.5:
            crop = crop[:, ::-1]
        return affine_channels(crop.astype(np.float32), tint, (0, 0, 0))

    return family


def _gradient(rng: np.random.Generator, size: Size) -> np.ndarray:
    yy, xx = _grid(size)
    angle = rng.uniform(0, 2 * np.pi)
    t = xx * np.cos(angle) + yy * np.sin(angle)
    t = (t - t.min()) / max(float(np.ptp(t)), 1e-6)
    return lerp_colors(t,
                       muted_colors(rng, 2, sat=(0.2, 0.6), val=(0.25, 0.9)))


def _clouds(rng: np.random.Generator, size: Size) -> np.ndarray:
    cells = int(rng.integers(3, 6))
    t = (_low_freq_noise(rng, size, cells) +
         0.5 * _low_freq_noise(rng, size, 2 * cells)) / 1.5
    return lerp_colors(t, muted_colors(rng, 2, sat=(0.1, 0.45)))


def _wood(rng: np.random.Generator, size: Size) -> np.ndarray:
    yy, xx = _grid(size)
    # Growth rings around a far-away centre look like planks' grain.
    angle, dist = rng.uniform(0, 2 * np.pi), rng.uniform(0.9, 2.0)
    d = np.hypot(xx - 0.5 - dist * np.cos(angle),
                 yy - 0.5 - dist * np.sin(angle))
    d += 0.04 * _low_freq_noise(rng, size, 4)
    t = 0.5 + 0.5 * np.sin(2 * np.pi * rng.uniform(5, 10) * d)
    base = np.array([
        rng.uniform(0.05, 0.1),
        rng.uniform(0.35, 0.6),
        rng.uniform(0.5, 0.75)
    ])
    # Low contrast: the two tones differ only by ~15% brightness.
    darker = base - np.array([0.0, -0.05, 0.15])
    return lerp_colors(t, hsv_to_rgb(np.stack([base, darker])))


def _voronoi(rng: np.random.Generator, size: Size) -> np.ndarray:
    h, w = size
    n = int(rng.integers(6, 16))
    seeds = np.ones((h, w), dtype=np.uint8)
    seeds[rng.integers(h, size=n), rng.integers(w, size=n)] = 0
    # Label of the nearest seed pixel = the Voronoi tile (ids 1..n).
    _, tiles = cv2.distanceTransformWithLabels(
        seeds, cv2.DIST_L2, cv2.DIST_MASK_5, labelType=cv2.DIST_LABEL_CCOMP)
    # Darker grout between tiles makes the family read as tiles, not blobs.
    grout = np.zeros((h, w), dtype=bool)
    grout[1:] |= tiles[1:] != tiles[:-1]
    grout[:, 1:] |= tiles[:, 1:] != tiles[:, :-1]
    tiles[grout] = 0
    colors = muted_colors(rng, n + 1)
    colors[0] = 0.55 * colors[1:].mean(0)
    return colors[tiles]


def _bokeh(rng: np.random.Generator, size: Size) -> np.ndarray:
    h, w = size
    yy, _ = _grid(size)
    base = lerp_colors(yy / yy.max(),
                       muted_colors(rng, 2, sat=(0.2, 0.5), val=(0.1, 0.35)))
    layer = base.copy()
    side = min(h, w)
    n = int(rng.integers(10, 22))
    hsv = [rng.random(n), rng.uniform(0.2, 0.6, n), rng.uniform(0.55, 0.95, n)]
    colors = hsv_to_rgb(np.stack(hsv, axis=1))
    centers = (rng.random((n, 2)) * [w, h]).astype(int)
    radii = (rng.uniform(0.04, 0.14, n) * side).astype(int) + 1
    for center, radius, color in zip(centers, radii, colors):
        cv2.circle(layer, tuple(int(c) for c in center), int(radius),
                   color.tolist(), -1, cv2.LINE_AA)
    img = cv2.addWeighted(base, 0.35, layer, 0.65, 0.0)
    return cv2.GaussianBlur(img, (0, 0), 0.012 * side + 0.8)


#: Family name -> generator ``f(rng, (H, W)) -> (H, W, 3) float32 RGB``.
FAMILIES: Dict[str, FamilyFn] = {
    'brick': _natural('brick', (1.0, 0.78, 0.62)),
    'grass': _natural('grass', (0.72, 1.0, 0.55)),
    'gravel': _natural('gravel', (0.92, 0.95, 1.0)),
    'coffee': _natural('coffee', (1.0, 1.0, 1.0)),
    'chelsea': _natural('chelsea', (1.0, 1.0, 1.0)),
    'astronaut': _natural('astronaut', (1.0, 1.0, 1.0)),
    'gradient': _gradient,
    'clouds': _clouds,
    'wood': _wood,
    'voronoi': _voronoi,
    'bokeh': _bokeh,
}

#: Background family names; family ``c`` is the one correlated with class
#: ``c`` by the spurious-correlation knob.
BACKGROUND_FAMILIES: Tuple[str, ...] = tuple(FAMILIES)


def render_background(rng: np.random.Generator,
                      family: int,
                      size: Size,
                      contrast: float = 1.0) -> np.ndarray:
    """Draw one background of a family.

    Args:
        rng (np.random.Generator): Source of every random choice.
        family (int): Index into :data:`BACKGROUND_FAMILIES`.
        size (tuple[int, int]): ``(H, W)``.
        contrast (float): Scale of the deviations from the background's
            mean colour, in [0, 1]: 1 (default) as drawn; lower keeps the
            family's colour and pattern but makes the objects stand out
            (the saliency of objects in photographs that are about them).

    Returns:
        np.ndarray: (H, W, 3) uint8 RGB.
    """
    fn = FAMILIES[BACKGROUND_FAMILIES[family]]
    img = jitter(fn(rng, tuple(size)), rng)
    if contrast != 1.0:
        mean = np.asarray(cv2.mean(img)[:3], dtype=np.float32)
        img = affine_channels(img, np.full(3, contrast, np.float32),
                              (1.0 - contrast) * mean)
    return to_uint8(img)

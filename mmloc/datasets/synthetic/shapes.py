# Copyright (c) mmloc contributors. All rights reserved.
"""Shape silhouettes, rasterised with ``cv2.fillPoly``.

Every shape is described in a unit frame (the shape fits in the unit disc,
x to the right, y down) as outer polygons minus hole polygons; placing it
is a similarity transform (scale, rotation, translation).
"""
from functools import lru_cache
from typing import Dict, List, Tuple

import cv2
import numpy as np

Polygons = List[np.ndarray]
# Fixed-point bits for cv2.fillPoly: vertices keep 1/16 px precision so
# small shapes are not snapped to the integer grid.
_SHIFT = 4


def _ngon(
    n: int,
    radius: float = 1.0,
    phase: float = 0.0,
    center: Tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    t = phase + 2 * np.pi * np.arange(n) / n
    return np.stack(
        [center[0] + radius * np.cos(t), center[1] + radius * np.sin(t)],
        axis=1)


def _star(points: int = 5, inner: float = 0.42) -> np.ndarray:
    outer = _ngon(points, 1.0, -np.pi / 2)
    inner_pts = _ngon(points, inner, -np.pi / 2 + np.pi / points)
    return np.stack([outer, inner_pts], axis=1).reshape(-1, 2)


def _cross(half_width: float = 0.32) -> np.ndarray:
    a, b = half_width, 0.95
    return np.array([[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a],
                     [a, b], [-a, b], [-a, a], [-b, a], [-b, -a], [-a, -a]])


def _heart(n: int = 64) -> np.ndarray:
    t = 2 * np.pi * np.arange(n) / n
    x = 16 * np.sin(t)**3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) -
          np.cos(4 * t))
    pts = np.stack([x, y], axis=1)
    pts -= (pts.max(0) + pts.min(0)) / 2
    return pts / np.linalg.norm(pts, axis=1).max()


def _arrow() -> np.ndarray:
    return np.array([[-0.95, -0.22], [0.15, -0.22], [0.15, -0.62], [0.95, 0.0],
                     [0.15, 0.62], [0.15, 0.22], [-0.95, 0.22]])


@lru_cache(maxsize=None)
def shape_polygons() -> Dict[str, Tuple[Polygons, Polygons]]:
    """Unit-frame ``(outer polygons, hole polygons)`` of every shape; all
    outer vertices lie in the unit disc.

    Returns:
        dict: shape name -> two lists of float64 arrays of shape (N, 2).
    """
    circle = _ngon(48)
    return {
        'disc': ([circle], []),
        'square': ([_ngon(4, 1.0, np.pi / 4)], []),
        'triangle': ([_ngon(3, 1.0, -np.pi / 2)], []),
        'star': ([_star()], []),
        'cross': ([_cross()], []),
        'ring': ([circle], [_ngon(48, 0.55)]),
        'hexagon': ([_ngon(6)], []),
        'crescent': ([circle], [_ngon(48, 0.8, 0.0, (0.42, -0.12))]),
        'heart': ([_heart()], []),
        'arrow': ([_arrow()], []),
    }


def place_shape(shape: str, size: Tuple[int, int], center: Tuple[float, float],
                radius: float, angle: float) -> np.ndarray:
    """Rasterise a shape placed in an image.

    Args:
        shape (str): A key of :func:`shape_polygons`.
        size (tuple[int, int]): Image ``(H, W)``.
        center (tuple[float, float]): ``(x, y)`` of the shape centre, px.
        radius (float): Radius of the shape's unit disc, px.
        angle (float): Rotation in radians (counter-clockwise on screen).

    Returns:
        np.ndarray: (H, W) bool mask of the shape.
    """
    outer, holes = shape_polygons()[shape]
    c, s = np.cos(-angle), np.sin(-angle)
    # Image y points down, so a screen-CCW rotation uses -angle.
    rot = radius * np.array([[c, -s], [s, c]])
    offset = np.asarray(center, dtype=np.float64)

    def to_pixels(polys: Polygons) -> List[np.ndarray]:
        # fillPoly samples pixel centres at integer coordinates.
        return [
            np.round(
                (p @ rot.T + offset - 0.5) * (1 << _SHIFT)).astype(np.int32)
            for p in polys
        ]

    mask = np.zeros(size, dtype=np.uint8)
    cv2.fillPoly(mask, to_pixels(outer), 1, cv2.LINE_8, _SHIFT)
    if holes:
        cv2.fillPoly(mask, to_pixels(holes), 0, cv2.LINE_8, _SHIFT)
    return mask.view(bool)

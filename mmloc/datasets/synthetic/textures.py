# Copyright (c) mmloc contributors. All rights reserved.
"""Foreground textures, vectorised over the pixels of an object.

Each texture is a *mixing field*: a function of the object-frame
coordinates ``(u, v)`` (the shape's unit frame, so a pattern scales and
rotates with its object) that returns ``t`` in [0, 1]; the object colour is
``(1 - t) * color_a + t * color_b``. Periods and phases are random per
instance, within ranges that keep each pattern recognisable.
"""
from typing import Callable, Dict

import numpy as np

from .ops import lerp_colors

MixingField = Callable[[np.ndarray, np.ndarray, np.random.Generator],
                       np.ndarray]


def _parity(x: np.ndarray) -> np.ndarray:
    return (np.floor(x) % 2).astype(np.float32)


def _dots(u, v, rng):
    freq = rng.uniform(2.0, 3.0)
    phase = rng.random(2)
    du = (u * freq + phase[0]) % 1.0 - 0.5
    dv = (v * freq + phase[1]) % 1.0 - 0.5
    return (du * du + dv * dv < rng.uniform(0.07, 0.11)).astype(np.float32)


def _checker(u, v, rng):
    freq, phase = rng.uniform(1.5, 2.5), rng.random()
    return _parity(u * freq + phase) != _parity(v * freq + phase)


def _hstripes(u, v, rng):
    return _parity(v * rng.uniform(2.0, 3.5) + rng.random())


def _rays(u, v, rng):
    # An even number of sectors keeps the pattern continuous at +-pi.
    sectors = 2 * rng.integers(5, 8)
    angle = np.arctan2(v, u) + rng.uniform(0, 2 * np.pi)
    return _parity(angle * sectors / (2 * np.pi))


def _dstripes(u, v, rng):
    return _parity((u + v) * rng.uniform(1.6, 2.6) + rng.random())


def _rings(u, v, rng):
    return _parity(np.hypot(u, v) * rng.uniform(4.0, 6.0) + rng.random())


def _grid(u, v, rng):
    freq, width = rng.uniform(2.0, 3.0), rng.uniform(0.2, 0.3)
    phase = rng.random(2)
    return (((u * freq + phase[0]) % 1.0 < width) |
            ((v * freq + phase[1]) % 1.0 < width)).astype(np.float32)


def _speckle(u, v, rng):
    return (rng.random(u.shape) < rng.uniform(0.35, 0.65)).astype(np.float32)


def _waves(u, v, rng):
    freq, wobble = rng.uniform(2.0, 3.0), rng.uniform(2.5, 4.0)
    arg = 2 * np.pi * (v * freq + 0.25 * np.sin(2 * np.pi * u * wobble / 2))
    return (np.sin(arg + rng.uniform(0, 2 * np.pi)) > 0).astype(np.float32)


def _gradient(u, v, rng):
    return np.clip((u + 1.0) / 2.0, 0.0, 1.0)


#: Texture name -> mixing field ``f(u, v, rng) -> t`` (all (h, w) float32).
TEXTURES: Dict[str, MixingField] = {
    'dots': _dots,
    'checker': _checker,
    'hstripes': _hstripes,
    'rays': _rays,
    'dstripes': _dstripes,
    'rings': _rings,
    'grid': _grid,
    'speckle': _speckle,
    'waves': _waves,
    'gradient': _gradient,
}


def paint_texture(name: str, u: np.ndarray, v: np.ndarray, colors: np.ndarray,
                  rng: np.random.Generator) -> np.ndarray:
    """Colour a region with a texture.

    Args:
        name (str): A key of :data:`TEXTURES`.
        u, v (np.ndarray): (h, w) float32 object-frame coordinates.
        colors (np.ndarray): (2, 3) float32 RGB, the two texture colours.
        rng (np.random.Generator): Source of the texture's parameters.

    Returns:
        np.ndarray: (h, w, 3) float32 RGB in [0, 255].
    """
    return lerp_colors(TEXTURES[name](u, v, rng), colors)

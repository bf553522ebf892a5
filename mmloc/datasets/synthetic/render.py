# Copyright (c) mmloc contributors. All rights reserved.
"""Compose textured shapes on a background."""
from typing import Optional, Sequence, Tuple, Union

import numpy as np

from .backgrounds import render_background
from .classes import CLASS_TEXTURES, SYNTHETIC_CLASSES
from .colors import contrasting_pair
from .ops import paste, to_uint8
from .sample import SyntheticSample
from .shapes import place_shape
from .textures import TEXTURES, paint_texture

#: Default range of an object's radius, as a fraction of the shorter image
#: side, for a one-object image (divided by sqrt(K) for K objects).
DEFAULT_SCALE = (0.2, 0.38)
#: What carries an object's class. ``'shape_texture'`` (the original
#: benchmark): each class has its own silhouette *and* texture.
#: ``'shape'``: the silhouette alone; the texture is drawn per instance from
#: the pool that all classes share, so texture statistics (which random
#: convolutions read off without learning) say nothing about the class.
CLASS_CUES: Tuple[str, ...] = ('shape_texture', 'shape')
#: Default minimum visible area (px) below which an occluded instance is
#: dropped: it would be an unlearnable sliver, and its pixels are returned
#: to the background so image and masks stay consistent.
DEFAULT_MIN_VISIBLE_AREA = 20


#: The textures a ``'shape'``-cue object draws from (every class alike).
TEXTURE_POOL: Tuple[str, ...] = tuple(TEXTURES)


def _as_size(size: Union[int, Sequence[int]]) -> Tuple[int, int]:
    if isinstance(size, (int, np.integer)):
        return int(size), int(size)
    h, w = size
    return int(h), int(w)


def _paint_object(rng: np.random.Generator, label: int, radius: float,
                  foreground: np.ndarray, owner: np.ndarray, owner_id: int,
                  class_cue: str) -> None:
    """Paint one object in place over ``foreground`` and ``owner``."""
    h, w = owner.shape
    cx, cy = rng.uniform(radius, w - radius), rng.uniform(radius, h - radius)
    angle = rng.uniform(0, 2 * np.pi)
    name = SYNTHETIC_CLASSES[label]
    mask = place_shape(name, (h, w), (cx, cy), radius, angle)
    # Texture only the window around the shape's unit disc; one pixel of
    # margin covers fillPoly's inclusive edges.
    x0, x1 = max(0, int(cx - radius) - 1), min(w, int(cx + radius) + 2)
    y0, y1 = max(0, int(cy - radius) - 1), min(h, int(cy + radius) + 2)
    sub = mask[y0:y1, x0:x1]
    dy, dx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    dx += 0.5 - cx
    dy += 0.5 - cy
    c, s = np.cos(angle), np.sin(angle)
    # Inverse of the shape's rotation: the texture turns with the object.
    u = (c * dx - s * dy) / radius
    v = (s * dx + c * dy) / radius
    colors = contrasting_pair(rng)
    if class_cue == 'shape':
        texture = TEXTURE_POOL[int(rng.integers(len(TEXTURE_POOL)))]
    else:
        texture = CLASS_TEXTURES[name]
    tex = paint_texture(texture, u, v, colors, rng)
    foreground[y0:y1, x0:x1][sub] = to_uint8(tex)[sub]
    owner[y0:y1, x0:x1][sub] = owner_id


def _visible_boxes(instances: np.ndarray, num: int) -> np.ndarray:
    boxes = np.zeros((num, 4), dtype=np.float32)
    for i in range(num):
        m = instances == i + 1
        rows, cols = np.flatnonzero(m.any(1)), np.flatnonzero(m.any(0))
        boxes[i] = cols[0], rows[0], cols[-1] + 1, rows[-1] + 1
    return boxes


def render_sample(
        rng: np.random.Generator,
        size: Union[int, Sequence[int]],
        labels: Sequence[int],
        family: int,
        scale: Tuple[float, float] = DEFAULT_SCALE,
        min_visible_area: int = DEFAULT_MIN_VISIBLE_AREA,
        class_cue: str = 'shape_texture',
        background: Optional[np.ndarray] = None) -> SyntheticSample:
    """Render objects on a background.

    Objects are painted in the order of ``labels`` (later ones occlude
    earlier ones); the **last** one is the main object that gives the
    image-level label. Each object gets a uniform random position (its
    whole unit disc inside the image), rotation and radius
    ``U(scale) * min(H, W) / sqrt(K)``, and fresh random texture colours.
    An instance left with fewer than ``min_visible_area`` visible pixels is
    dropped (its pixels revert to background); the main one never is.

    Args:
        rng (np.random.Generator): Source of every random choice; the
            result is a pure function of its state and the arguments.
        size (int | tuple[int, int]): Side or ``(H, W)``.
        labels (Sequence[int]): Classes to paint, back to front.
        family (int): Background family index.
        scale (tuple[float, float]): Radius range, fraction of the shorter
            side, for a one-object image.
        min_visible_area (int): Visibility threshold, pixels.
        class_cue (str): One of :data:`CLASS_CUES`: whether the texture
            follows the class (default) or is drawn per instance.
        background (np.ndarray, optional): (H, W, 3) uint8 RGB background
            of ``family`` to paint on (e.g. one of a finite pool); by
            default a fresh one is drawn from ``rng``.

    Returns:
        SyntheticSample: The composite, its layers and annotations.
    """
    if len(labels) == 0:
        raise ValueError('render_sample needs at least one label')
    if class_cue not in CLASS_CUES:
        raise ValueError(f'class_cue must be one of {CLASS_CUES}, got '
                         f'{class_cue!r}')
    h, w = _as_size(size)
    if background is None:
        background = render_background(rng, family, (h, w))
    elif background.shape != (h, w, 3):
        raise ValueError(f'background of shape {background.shape} for an '
                         f'image of {(h, w)}')
    foreground = np.zeros((h, w, 3), dtype=np.uint8)
    owner = np.zeros((h, w), dtype=np.int32)
    side_scale = min(h, w) / np.sqrt(len(labels))
    for i, label in enumerate(labels):
        radius = rng.uniform(*scale) * side_scale
        _paint_object(rng, int(label), radius, foreground, owner, i + 1,
                      class_cue)

    area = np.bincount(owner.ravel(), minlength=len(labels) + 1)[1:]
    keep = area >= min_visible_area
    keep[-1] = True
    remap = np.zeros(len(labels) + 1, dtype=np.int32)
    remap[1:][keep] = np.arange(1, keep.sum() + 1, dtype=np.int32)
    instances = remap[owner]
    kept_labels = np.asarray(labels, dtype=np.int64)[keep]
    semantic = np.concatenate([[0],
                               kept_labels + 1]).astype(np.uint8)[instances]
    fg_mask = instances > 0
    if not keep.all():
        foreground = paste(np.zeros_like(foreground), foreground, fg_mask)
    img = paste(background, foreground, fg_mask)
    return SyntheticSample(
        img=img,
        background=background,
        foreground=foreground,
        semantic=semantic,
        instances=instances,
        labels=kept_labels,
        boxes=_visible_boxes(instances, len(kept_labels)),
        family=int(family),
        label=int(kept_labels[-1]))


def composite(sample: SyntheticSample, background: np.ndarray) -> np.ndarray:
    """Paste a sample's visible objects on another background.

    Args:
        sample (SyntheticSample): Provides ``foreground`` and the alpha.
        background (np.ndarray): (H, W, 3) uint8 RGB.

    Returns:
        np.ndarray: (H, W, 3) uint8 RGB.
    """
    return paste(background, sample.foreground, sample.fg_mask)

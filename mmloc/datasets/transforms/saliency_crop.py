# Copyright (c) mmloc contributors. All rights reserved.
"""CAST's saliency-constrained random resized crop (METHODS §1.1)."""
import math
from typing import Optional, Sequence, Tuple, Union

import cv2
import numpy as np
from mmcv.transforms.utils import cache_randomness
from scipy.special import ndtr, ndtri

from mmloc.registry import TRANSFORMS
from .fallbacks import FallbackCounterMixin
from .geometric import Box, RandomResizedCrop

SALIENT_THRESHOLD = 128  # the reference binarises its 0..255 maps at > 128
PAIR_KEY = 'pair_crop_bbox'


def salient_mask(saliency: np.ndarray) -> np.ndarray:
    """``(H, W)`` uint8 map -> ``(H, W)`` bool, salient where > 128."""
    return saliency > SALIENT_THRESHOLD


def checked_saliency(results: dict, transform: object,
                     where: str) -> Tuple[np.ndarray, np.ndarray]:
    """``(img, saliency)`` of ``results``, or an error naming the image.

    Args:
        results: pipeline results.
        transform: the transform that needs the map (named in errors).
        where: where ``LoadSaliencyMap`` belongs, e.g. ``'before it'``.
    """
    name, path = type(transform).__name__, results.get('img_path', '?')
    if results.get('saliency') is None:
        raise KeyError(f'{name} needs results["saliency"] (image {path}): '
                       f'put LoadSaliencyMap {where}')
    img, saliency = results['img'], results['saliency']
    if saliency.shape != img.shape[:2]:
        raise ValueError(
            f'saliency {saliency.shape} and image {img.shape[:2]} of {path} '
            'differ: load the map with LoadSaliencyMap(resize=True)')
    return img, saliency


class SalientStats:
    """Salient-pixel statistics of one map, cheap enough for every view.

    Exact where a constraint depends on them: the total and any box's count
    (``cv2.countNonZero`` on the binarised map) and the bounding box (only
    computed when the fallback needs it). The centre of mass only places the
    Gaussian whose sigma is the image side, so it is estimated on every
    ``stride``-th pixel of each axis, for a fraction of the cost: within a
    step of the exact centre for one object at least a step wide, and exact
    when no sample hits the object (every pixel is then used). Several or
    thin objects are weighted by their sampled area, which can move the
    estimate by more; with sigma = the image side ``S`` a shift ``d``
    changes the truncated density of crop centres by a factor of at most
    ``exp(2 d / S)`` (under 4 % for 10 px on a 640 px image).

    Args:
        saliency (np.ndarray): ``(H, W)`` uint8 map; salient where > 128.
        stride (int): subsampling step of the centre-of-mass estimate.
    """

    def __init__(self, saliency: np.ndarray, stride: int = 8) -> None:
        self.mask = cv2.threshold(saliency, SALIENT_THRESHOLD, 1,
                                  cv2.THRESH_BINARY)[1]
        self.total = cv2.countNonZero(self.mask)
        self.stride = stride

    def count(self, box: Box) -> int:
        """Salient pixels inside the half-open ``box``."""
        x1, y1, x2, y2 = box
        if x2 <= x1 or y2 <= y1:
            return 0
        return cv2.countNonZero(self.mask[y1:y2, x1:x2])

    def centre(self) -> Tuple[float, float]:
        """Centre of mass ``(x, y)`` in continuous pixel coordinates."""
        for step in (self.stride, 1):  # 1: salient pixels between samples
            sub = self.mask[step // 2::step, step // 2::step]
            cols = sub.sum(0, dtype=np.int64)
            n = cols.sum()
            if n:
                break
        rows = sub.sum(1, dtype=np.int64)
        # sample j of the subsampled map is pixel step // 2 + j * step
        cx = (cols @ np.arange(len(cols))) * step / n + step // 2 + 0.5
        cy = (rows @ np.arange(len(rows))) * step / n + step // 2 + 0.5
        return float(cx), float(cy)

    def bbox(self) -> Box:
        """Exact half-open bounding box of the salient pixels."""
        x, y, w, h = cv2.boundingRect(self.mask)
        return x, y, x + w, y + h


def truncated_normal(mean: float, sigma: float, low: float,
                     high: float) -> float:
    """One draw of N(mean, sigma) truncated to ``[low, high]`` (inverse CDF).
    """
    if high <= low:
        return low
    a, b = ndtr((low - mean) / sigma), ndtr((high - mean) / sigma)
    if b - a < 1e-12:  # the interval lies far in one tail: nearest end
        return low if mean < low else high
    x = mean + sigma * ndtri(np.random.uniform(a, b))
    return float(min(max(x, low), high))


@TRANSFORMS.register_module()
class SaliencyConstrainedCrop(FallbackCounterMixin, RandomResizedCrop):
    """Random resized crop that keeps part of the salient object (CAST).

    Per METHODS §1.1 (the reference's ``--crop ref``): a candidate crop has
    area ``U(crop_ratio_range) x`` image area and a log-uniform aspect ratio;
    its centre is drawn from a Gaussian centred on the salient pixels'
    centre of mass, sigma = image side, truncated so that the crop lies in
    the image; it is accepted when it contains at least ``min_cover`` of the
    image's salient pixels (saliency > 128). After ``max_attempts``
    rejections the crop is the salient bounding box with random margins,
    widened or heightened towards the aspect-ratio range where the image
    allows (counted as ``'bbox'``). An all-zero map cannot constrain anything:
    the crop degrades to mmpretrain's random resized crop (counted as
    ``'empty_saliency'``).

    "all" pairing: when ``results['pair_crop_bbox']`` is set (by
    :class:`mmloc.datasets.transforms.MultiView` with ``pairing='all'``),
    the crop must also contain ``min_cover`` of the salient pixels that lie
    inside that first-view box.

    Required keys: ``img``, ``saliency``. Modified: ``img``, ``saliency``,
    ``segments`` (if present), ``img_shape``. Added: ``crop_bbox``.

    Args:
        scale (int | tuple): output size, ``224`` or ``(h, w)``.
        crop_ratio_range (tuple): area fraction range. Defaults to
            ``(0.2, 1.0)`` (CAST's; mmpretrain's default is 0.08).
        aspect_ratio_range (tuple): width / height range.
        min_cover (float): fraction of the salient pixels a crop keeps.
        max_attempts (int): random candidates before the bbox fallback.
        interpolation (str): image interpolation (saliency: bilinear,
            segments: nearest).

    Example:
        >>> view = [dict(type='SaliencyConstrainedCrop', scale=224),
        ...         dict(type='RandomFlip', prob=0.5)]
        >>> dict(type='MultiView', num_views=2, transforms=[view])
    """

    def __init__(self,
                 scale: Union[int, Sequence[int]] = 224,
                 crop_ratio_range: Tuple[float, float] = (0.2, 1.0),
                 aspect_ratio_range: Tuple[float, float] = (3. / 4., 4. / 3.),
                 min_cover: float = 0.2,
                 max_attempts: int = 10,
                 interpolation: str = 'bilinear',
                 backend: str = 'cv2') -> None:
        super().__init__(scale, crop_ratio_range, aspect_ratio_range,
                         max_attempts, interpolation, backend)
        if not 0.0 <= min_cover <= 1.0:
            raise ValueError(f'min_cover must be in [0, 1], got {min_cover}')
        self.min_cover = min_cover

    def transform(self, results: dict) -> dict:
        img, saliency = checked_saliency(results, self, 'before it')
        stats = SalientStats(saliency)
        if stats.total == 0:
            self._fallback(results, 'empty_saliency')
            return self._crop(results, self.rand_crop_params(img))
        box, fell_back = self.constrained_box(stats, results.get(PAIR_KEY))
        if fell_back:
            self._fallback(results, 'bbox')
        return self._crop_box(results, box)

    def _crop_box(self, results: dict, box: Box) -> dict:
        x1, y1, x2, y2 = box
        return self._crop(results, (y1, x1, y2 - y1, x2 - x1))

    @cache_randomness
    def constrained_box(self, stats: SalientStats,
                        pair_box: Optional[Box] = None) -> Tuple[Box, bool]:
        """Draw a crop box for a map with salient pixels.

        Returns:
            tuple: ``((x1, y1, x2, y2), fell_back)``.
        """
        h, w = stats.mask.shape
        count, total = stats.count, stats.total
        pair_total = count(pair_box) if pair_box is not None else 0
        cx, cy = stats.centre()
        log_ratio = (math.log(self.aspect_ratio_range[0]),
                     math.log(self.aspect_ratio_range[1]))
        for _ in range(self.max_attempts):
            area = np.random.uniform(*self.crop_ratio_range) * h * w
            ratio = math.exp(np.random.uniform(*log_ratio))
            cw = int(round(math.sqrt(area * ratio)))
            ch = int(round(math.sqrt(area / ratio)))
            if not (0 < cw <= w and 0 < ch <= h):
                continue
            x1 = int(round(truncated_normal(cx, w, cw / 2, w - cw / 2)
                           - cw / 2))
            y1 = int(round(truncated_normal(cy, h, ch / 2, h - ch / 2)
                           - ch / 2))
            x1, y1 = min(max(x1, 0), w - cw), min(max(y1, 0), h - ch)
            box = (x1, y1, x1 + cw, y1 + ch)
            if count(box) < self.min_cover * total:
                continue
            if pair_total and (count(_intersect(box, pair_box)) <
                               self.min_cover * pair_total):
                continue
            return box, False
        return self._bbox_with_margins(stats.bbox(), w, h), True

    def _bbox_with_margins(self, bbox: Box, w: int, h: int) -> Box:
        """A box containing ``bbox``: random margins, then the aspect ratio
        pulled into range by growing the short side (as far as the image
        allows; the bbox is never cut, so the cover is always 1)."""
        bx1, by1, bx2, by2 = bbox
        x1, x2 = np.random.randint(0, bx1 + 1), np.random.randint(bx2, w + 1)
        y1, y2 = np.random.randint(0, by1 + 1), np.random.randint(by2, h + 1)
        lo, hi = self.aspect_ratio_range
        if (x2 - x1) < lo * (y2 - y1):
            x1, x2 = _grow(x1, x2, int(math.ceil(lo * (y2 - y1))), w)
        elif (x2 - x1) > hi * (y2 - y1):
            y1, y2 = _grow(y1, y2, int(math.ceil((x2 - x1) / hi)), h)
        return x1, y1, x2, y2


def _grow(a: int, b: int, length: int, limit: int) -> Tuple[int, int]:
    """Grow ``[a, b)`` to ``length`` (at most ``limit``) around itself,
    with a random split of the extra pixels that stays inside
    ``[0, limit)``."""
    length = min(length, limit)
    extra = length - (b - a)
    lo = max(0, extra - (limit - b))  # pixels that must go to the left
    hi = min(extra, a)                # pixels that may go to the left
    left = np.random.randint(lo, hi + 1)
    return a - left, b + extra - left


def _intersect(a: Box, b: Box) -> Box:
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = max(min(a[2], b[2]), x1), max(min(a[3], b[3]), y1)
    return x1, y1, x2, y2

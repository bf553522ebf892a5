# Copyright (c) mmloc contributors. All rights reserved.
"""CVSA's Saliency Swap, as interpreted by mmloc (METHODS §3 [design])."""
import copy
import math
from typing import List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np
from mmcv.transforms.utils import cache_randomness

from mmloc.registry import TRANSFORMS
from .fallbacks import FallbackCounterMixin
from .geometric import Box
from .multi_view import MultiView, collect_views
from .saliency_crop import (SALIENT_THRESHOLD, SalientStats,
                            checked_saliency)

Size = Tuple[int, int]

# keys of the reference that the views do not inherit: the partners are only
# needed here, the maps are replaced, and the reference's segment ids no
# longer describe a composite whose background comes from another image
_NOT_INHERITED = ('mix_results', 'img', 'saliency', 'segments')

_WRAP_HINT = (
    "wrap the dataset in MultiImageMixDataset, which calls "
    "SaliencySwap.get_indexes and passes the partners as "
    "results['mix_results']:\n"
    "    dataset=dict(type='MultiImageMixDataset',\n"
    "                 dataset=dict(type='CustomDataset', ...,\n"
    "                              pipeline=[load image + saliency]),\n"
    "                 pipeline=[dict(type='SaliencySwap', ...),\n"
    "                           dict(type='PackLocInputs')])")


def _pair(value: Union[int, Sequence[int]]) -> Tuple[int, int]:
    if isinstance(value, int):
        return value, value
    h, w = value
    return int(h), int(w)


def _range(value: Sequence[float], name: str, valid: str,
           check) -> Tuple[float, float]:
    lo, hi = (float(v) for v in value)
    if not (lo <= hi and check(lo, hi)):
        raise ValueError(f'{name} must satisfy {valid}, got {tuple(value)}')
    return lo, hi


@TRANSFORMS.register_module()
class SaliencySwap(FallbackCounterMixin, MultiView):
    """Paste the reference's salient object onto other images' backgrounds.

    mmloc's interpretation of CVSA's Saliency Swap (METHODS §3 [design]: the
    poster only says that SS "crops from regions of interest of the
    reference image and replaces the saliency regions of two randomly
    selected images"; no code is public). For view ``v``:

    1. **object**: the salient bounding box of the reference (pixels with
       saliency > 128) is enlarged about its centre by a factor drawn from
       ``U(box_jitter)`` and clipped to the image (scale jitter); the
       reference image is cut at that box (``crop_bbox``). Its alpha is the
       binarised saliency in the box (``soft_alpha=True``: saliency / 255),
       so only the object, not the box, is transplanted.
    2. **scale**: the patch is resized, aspect ratio kept, so that its
       larger relative side is ``s x`` the canvas, ``s ~ U(object_scale)``
       (the longer side is ``s x`` the matching canvas side; for a
       non-square canvas the side that would overflow first is used, so the
       patch always fits).
    3. **background**: partner ``v``'s image resized to the canvas
       (bilinear; smaller partners are upsampled).
    4. **paste**: at a uniformly random position fully inside the canvas
       (``paste_bbox``), alpha-blended. Image and alpha are resized
       bilinearly; a binary alpha is re-binarised at 128 so the view's
       saliency stays 0 / 255.

    The view's ``saliency`` is the pasted alpha on the canvas (255 on the
    object, 0 elsewhere; 0..255 with ``soft_alpha``): both views share the
    object and differ in background, scale and position. Each view then runs
    its pipeline from ``transforms`` (as in :class:`MultiView`; e.g. flips,
    colour jitter) on a deep copy of ``results`` without ``mix_results``,
    with ``img``, ``saliency``, ``img_shape`` (the canvas), ``crop_bbox``
    (the jittered box, reference pixels, half-open) and ``paste_bbox``
    (canvas pixels, half-open) replaced. ``segments`` are dropped from the
    views and from ``results``: the reference's ids do not describe the
    partners' backgrounds.

    An all-zero reference map (no pixel > 128) cannot delimit an object:
    the whole reference image is the object with alpha 1, i.e. the views
    are the reference scaled onto the partner backgrounds (counted as
    ``'SaliencySwap.empty_saliency'``).

    **Partners.** The number of partners is the number of views; they come
    from mmdet's multi-image mechanism: :class:`MultiImageMixDataset` calls
    :meth:`get_indexes`, loads those samples with the inner dataset's
    pipeline and passes them as ``results['mix_results']`` (dicts with
    ``img`` and ``sample_idx``; their ``saliency`` is not used).

    Required keys: ``img`` ``(H, W, 3)`` uint8, ``saliency`` ``(H, W)``
    uint8, ``mix_results``. Output (lists of ``V`` views): ``img``
    ``(h, w, 3)``, ``saliency`` ``(h, w)`` uint8, ``img_shape``,
    ``crop_bbox``, ``paste_bbox`` (the latter two as set here unless a view
    transform overwrites ``crop_bbox``), plus what the view pipelines add
    (e.g. ``flip``); ``swap_partners``: the partners' ``sample_idx``.
    Removed: ``mix_results``, ``segments``.

    Args:
        transforms (list[list]): per-view pipelines, as in
            :class:`MultiView` (one list per group of views). Defaults to
            ``[[]]``: no further augmentation.
        num_views (int | list[int]): views (and partners) per pipeline.
        scale (int | tuple): canvas size, ``224`` or ``(h, w)``.
        box_jitter (tuple): range of the salient-box enlargement factor,
            ``1 <= min <= max``.
        object_scale (tuple): range of ``s`` (step 2), ``0 < min <= max
            <= 1``.
        soft_alpha (bool): blend with saliency / 255 instead of the
            binarised map.

    Example:
        >>> view = [dict(type='RandomFlip', prob=0.5),
        ...         dict(type='RandomApply', transforms=[dict(
        ...             type='ColorJitter', brightness=0.4, contrast=0.4,
        ...             saturation=0.2, hue=0.1)], prob=0.8)]
        >>> train_dataloader = dict(dataset=dict(
        ...     type='MultiImageMixDataset',
        ...     dataset=dict(
        ...         type='CustomDataset', data_root='data/cub',
        ...         data_prefix='images', with_label=False,
        ...         pipeline=[
        ...             dict(type='LoadImageFromFile'),
        ...             dict(type='LoadSaliencyMap',
        ...                  map_root='data/cub/saliency',
        ...                  img_root='data/cub/images')]),
        ...     pipeline=[
        ...         dict(type='SaliencySwap', transforms=[view],
        ...              num_views=2, scale=224),
        ...         dict(type='PackLocInputs')]))
    """

    def __init__(self,
                 transforms: Optional[List[list]] = None,
                 num_views: Union[int, List[int]] = 2,
                 scale: Union[int, Sequence[int]] = 224,
                 box_jitter: Tuple[float, float] = (1.0, 1.3),
                 object_scale: Tuple[float, float] = (0.4, 0.8),
                 soft_alpha: bool = False) -> None:
        super().__init__([[]] if transforms is None else transforms, num_views)
        self.scale = _pair(scale)
        self.box_jitter = _range(box_jitter, 'box_jitter', '1 <= min <= max',
                                 lambda lo, hi: lo >= 1)
        self.object_scale = _range(object_scale, 'object_scale',
                                   '0 < min <= max <= 1',
                                   lambda lo, hi: 0 < lo and hi <= 1)
        self.soft_alpha = soft_alpha
        self._indexes: List[int] = []

    @property
    def total_views(self) -> int:
        """Views produced, i.e. partners needed."""
        return len(self.transforms)

    def get_indexes(self, dataset) -> List[int]:
        """``total_views`` random partner indices (called by
        :class:`MultiImageMixDataset`, as for mmdet's ``Mosaic``)."""
        self._indexes = [
            int(i)
            for i in np.random.randint(0, len(dataset), self.total_views)
        ]
        return self._indexes

    def transform(self, results: dict) -> dict:
        partners = results.get('mix_results')
        if partners is None or len(partners) != self.total_views:
            got = 'none' if partners is None else len(partners)
            raise ValueError(
                f'SaliencySwap needs {self.total_views} partner samples in '
                f"results['mix_results'] (got {got}): {_WRAP_HINT}")
        img, saliency = checked_saliency(results, self,
                                         'in the inner dataset pipeline')

        stats = SalientStats(saliency)
        if stats.total:
            bbox = stats.bbox()
            alpha_src = saliency
        else:
            self._fallback(results, 'empty_saliency')
            bbox = (0, 0, img.shape[1], img.shape[0])
            alpha_src = None  # the whole reference is the object

        base = {k: v for k, v in results.items() if k not in _NOT_INHERITED}
        views = []
        for partner, pipeline in zip(partners, self.transforms):
            crop_box, paste_box = self.draw_layout(bbox, img.shape[:2])
            view_img, view_sal = self.paste(img, alpha_src, partner['img'],
                                            crop_box, paste_box)
            inputs = copy.deepcopy(base)
            inputs.update(
                img=view_img,
                saliency=view_sal,
                img_shape=view_img.shape[:2],
                crop_bbox=crop_box,
                paste_bbox=paste_box)
            views.append(pipeline(inputs))

        indexes = self._indexes if len(self._indexes) == len(partners) \
            else [None] * len(partners)
        results.pop('mix_results')
        results.pop('segments', None)
        results = collect_views(results, views)
        results['paste_bbox'] = [v['paste_bbox'] for v in views]
        results['swap_partners'] = [
            p.get('sample_idx', i) for p, i in zip(partners, indexes)
        ]
        return results

    @cache_randomness
    def draw_layout(self, bbox: Box, img_hw: Size) -> Tuple[Box, Box]:
        """Draw one view's object box and paste box.

        Args:
            bbox: salient bounding box ``(x1, y1, x2, y2)`` in the
                reference, half-open.
            img_hw: reference ``(H, W)``.

        Returns:
            tuple: ``(crop_box, paste_box)``, half-open; ``crop_box`` (in
            the reference) contains ``bbox``, ``paste_box`` lies in the
            canvas.
        """
        img_h, img_w = img_hw
        factor = np.random.uniform(*self.box_jitter)
        bx1, by1, bx2, by2 = bbox
        cx, cy = (bx1 + bx2) / 2, (by1 + by2) / 2
        half_w, half_h = (bx2 - bx1) * factor / 2, (by2 - by1) * factor / 2
        # floor / ceil: the enlarged box never cuts the salient box
        crop_box = (max(0, math.floor(cx - half_w)),
                    max(0, math.floor(cy - half_h)),
                    min(img_w, math.ceil(cx + half_w)),
                    min(img_h, math.ceil(cy + half_h)))

        can_h, can_w = self.scale
        box_w, box_h = crop_box[2] - crop_box[0], crop_box[3] - crop_box[1]
        # the larger relative side gets s x the canvas: on a square canvas
        # that is the longer side, and the patch can never overflow
        k = np.random.uniform(*self.object_scale) * min(
            can_w / box_w, can_h / box_h)
        paste_w = min(max(int(round(box_w * k)), 1), can_w)
        paste_h = min(max(int(round(box_h * k)), 1), can_h)
        x = int(np.random.randint(0, can_w - paste_w + 1))
        y = int(np.random.randint(0, can_h - paste_h + 1))
        return crop_box, (x, y, x + paste_w, y + paste_h)

    def paste(self, img: np.ndarray, alpha_src: np.ndarray,
              background: np.ndarray, crop_box: Box,
              paste_box: Box) -> Tuple[np.ndarray, np.ndarray]:
        """Blend ``img[crop_box]`` onto the resized ``background``.

        Args:
            img: reference ``(H, W, 3)`` uint8.
            alpha_src: ``(H, W)`` uint8 reference saliency (binarised at
                128 unless ``soft_alpha``), or None for an opaque object.
            background: partner image ``(H', W', 3)`` uint8, any size.
            crop_box, paste_box: from :meth:`draw_layout`.

        Returns:
            tuple: the canvas ``(h, w, 3)`` uint8 and its saliency
            ``(h, w)`` uint8 (the pasted alpha x 255).
        """
        can_h, can_w = self.scale
        canvas = cv2.resize(
            background, (can_w, can_h), interpolation=cv2.INTER_LINEAR)
        x1, y1, x2, y2 = crop_box
        px1, py1, px2, py2 = paste_box
        size = (px2 - px1, py2 - py1)
        obj = cv2.resize(
            img[y1:y2, x1:x2], size, interpolation=cv2.INTER_LINEAR)
        region = canvas[py1:py2, px1:px2]
        if alpha_src is None:
            alpha = np.full(obj.shape[:2], 255, np.uint8)
            region[...] = obj
        elif self.soft_alpha:
            alpha = cv2.resize(alpha_src[y1:y2, x1:x2], size,
                               interpolation=cv2.INTER_LINEAR)
            a = alpha[..., None].astype(np.float32) / 255
            blended = a * obj + (1 - a) * region
            region[...] = np.clip(np.rint(blended), 0, 255).astype(np.uint8)
        else:
            # binarise, resize, binarise again (as every consumer does), so
            # the object pixels are exactly the resized reference
            alpha = _binary(cv2.resize(
                _binary(alpha_src[y1:y2, x1:x2]), size,
                interpolation=cv2.INTER_LINEAR))
            # writes into the canvas view in place, ~30x np.copyto(where=)
            cv2.copyTo(obj, alpha, region)
        view_sal = np.zeros((can_h, can_w), np.uint8)
        view_sal[py1:py2, px1:px2] = alpha
        return canvas, view_sal

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_views={self.num_views}, '
                f'scale={self.scale}, box_jitter={self.box_jitter}, '
                f'object_scale={self.object_scale}, '
                f'soft_alpha={self.soft_alpha}, '
                f'transforms={self.pipelines})')


def _binary(saliency: np.ndarray) -> np.ndarray:
    """0 / 255 uint8 map, 255 where ``saliency`` > 128."""
    return cv2.threshold(saliency, SALIENT_THRESHOLD, 255,
                         cv2.THRESH_BINARY)[1]

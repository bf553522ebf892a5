# Copyright (c) mmloc contributors. All rights reserved.
"""Geometric transforms that move the prior maps with the image.

Like mmdet, which re-registers ``RandomFlip`` / ``Resize`` in its own scope
so that they also move boxes and masks, mmloc registers ``RandomResizedCrop``
and ``RandomFlip`` in the ``mmloc`` scope: same arguments, same random draws
and same image output as mmpretrain's / mmcv's, plus

- ``results['saliency']`` (``H x W`` uint8) is cropped with the same box and
  resized **bilinearly**: grey levels are kept and every consumer binarises
  at 128 afterwards, exactly as the reference, which resizes its saliency
  PIL image with the image;
- ``results['segments']`` (``H x W`` int32 ids) is cropped with the same box
  and resized with **nearest neighbour**, so no interpolated id appears;
- ``results['crop_bbox'] = (x1, y1, x2, y2)`` records the crop in the
  transform's input-image pixels, half-open (``x2 - x1`` is the width).
"""
from typing import Optional, Tuple

import cv2
import mmcv
import numpy as np
from mmcv.transforms import RandomFlip as MMCVRandomFlip
from mmpretrain.datasets.transforms import \
    RandomResizedCrop as MMPretrainRandomResizedCrop

from mmloc.registry import TRANSFORMS

PRIOR_KEYS = ('saliency', 'segments')

# cv2 flags of the interpolation names mmcv accepts
_CV2_INTERP = {
    'nearest': cv2.INTER_NEAREST,
    'bilinear': cv2.INTER_LINEAR,
    'bicubic': cv2.INTER_CUBIC,
    'area': cv2.INTER_AREA,
    'lanczos': cv2.INTER_LANCZOS4,
}

Box = Tuple[int, int, int, int]


def crop_and_resize(results: dict, box: Box, size: Tuple[int, int],
                    interpolation: str = 'bilinear',
                    backend: str = 'cv2') -> dict:
    """Crop ``img`` and the prior maps to ``box``, resize them to ``size``.

    Args:
        results (dict): with ``img`` ``(H, W, 3)`` and optionally
            ``saliency`` ``(H, W)`` uint8 / ``segments`` ``(H, W)`` int32.
        box (tuple): ``(x1, y1, x2, y2)`` half-open, in input pixels.
        size (tuple): output ``(w, h)``.
        interpolation (str): for the image; saliency is always bilinear,
            segments always nearest.
        backend (str): mmcv resize backend for the image.

    Returns:
        dict: ``results`` updated in place, with ``crop_bbox`` and
        ``img_shape``.
    """
    x1, y1, x2, y2 = (int(v) for v in box)
    img = results['img'][y1:y2, x1:x2]
    if backend == 'pillow':
        # Pillow's fromarray takes a strided view through a slow path (1.2
        # ms for a 300 x 250 crop against 0.08 ms for the copy); cv2
        # resizes the view as it is
        img = np.ascontiguousarray(img)
    results['img'] = mmcv.imresize(
        img, size, interpolation=interpolation, backend=backend)
    if results.get('saliency') is not None:
        results['saliency'] = cv2.resize(
            results['saliency'][y1:y2, x1:x2], size,
            interpolation=cv2.INTER_LINEAR)
    if results.get('segments') is not None:
        # cv2 has no nearest resize for int32; indexing is exact and cheap
        results['segments'] = resize_nearest(
            results['segments'][y1:y2, x1:x2], size)
    results['crop_bbox'] = (x1, y1, x2, y2)
    results['img_shape'] = results['img'].shape[:2]
    return results


def resize_nearest(ids: np.ndarray, size: Tuple[int, int]) -> np.ndarray:
    """Nearest-neighbour resize of an ``(h, w)`` id map to ``size=(W, H)``.

    Pixel-centre convention, the one of cv2's bilinear resize used for the
    image (and of ``INTER_NEAREST_EXACT`` / PIL): output pixel ``u`` takes
    input ``floor((u + 0.5) * w / W)``, in exact integer arithmetic.
    """
    h, w = ids.shape[:2]
    out_w, out_h = size
    rows = (2 * np.arange(out_h) + 1) * h // (2 * out_h)
    cols = (2 * np.arange(out_w) + 1) * w // (2 * out_w)
    # two 1-D gathers: 4x faster than one 2-D fancy index
    return ids[rows][:, cols]


@TRANSFORMS.register_module()
class RandomResizedCrop(MMPretrainRandomResizedCrop):
    """mmpretrain's ``RandomResizedCrop`` that also crops the prior maps.

    Same arguments and random draws as
    :class:`mmpretrain.datasets.transforms.RandomResizedCrop`; see the module
    docstring for how ``saliency`` and ``segments`` follow and for
    ``crop_bbox``.

    Example:
        >>> dict(type='RandomResizedCrop', scale=224,
        ...      interpolation='bicubic')      # DetCon: bicubic image
    """

    def _crop(self, results: dict, params: Tuple[int, int, int, int]) -> dict:
        offset_h, offset_w, target_h, target_w = params
        box = (offset_w, offset_h, offset_w + target_w, offset_h + target_h)
        return crop_and_resize(results, box, tuple(self.scale[::-1]),
                               self.interpolation, self.backend)

    def transform(self, results: dict) -> dict:
        return self._crop(results, self.rand_crop_params(results['img']))


@TRANSFORMS.register_module()
class RandomFlip(MMCVRandomFlip):
    """mmcv's ``RandomFlip`` that also flips ``saliency`` and ``segments``.

    ``results['flip']`` / ``results['flip_direction']`` record the draw, as
    in mmcv, so a test or a visualiser can map a pixel back through
    ``crop_bbox`` and the flip.
    """

    def _flip(self, results: dict) -> None:
        super()._flip(results)
        for key in PRIOR_KEYS:
            if results.get(key) is not None:
                results[key] = mmcv.imflip(
                    results[key], direction=results['flip_direction'])


def output_to_input(u: np.ndarray, v: np.ndarray, box: Box,
                    size: Tuple[int, int], flip: Optional[str] = None
                    ) -> Tuple[np.ndarray, np.ndarray]:
    """Map output pixel centres ``(u, v)`` back to input coordinates.

    Inverse of :func:`crop_and_resize` (then an optional flip) under cv2's
    pixel-centre convention; returns float ``(x, y)`` in input pixels.

    Args:
        u, v: output column / row indices, any shape.
        box: the ``crop_bbox`` of the view.
        size: the view's ``(w, h)``.
        flip: ``results['flip_direction']`` (``'horizontal'``,
            ``'vertical'``, ``'diagonal'`` or None).
    """
    out_w, out_h = size
    u = np.asarray(u, float)
    v = np.asarray(v, float)
    if flip in ('horizontal', 'diagonal'):
        u = out_w - 1 - u
    if flip in ('vertical', 'diagonal'):
        v = out_h - 1 - v
    x1, y1, x2, y2 = box
    x = x1 + (u + 0.5) * (x2 - x1) / out_w - 0.5
    y = y1 + (v + 0.5) * (y2 - y1) / out_h - 0.5
    return x, y


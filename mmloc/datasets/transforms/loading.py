# Copyright (c) mmloc contributors. All rights reserved.
"""Loaders of per-image priors: saliency maps and segment id maps.

Both add an ``H x W`` map aligned with ``results['img']``, so they run
right after ``LoadImageFromFile`` and before any geometric transform:

- ``results['saliency']``: ``np.uint8`` grey levels 0..255 (salient
  > 128, binarised by the transforms that use it);
- ``results['segments']``: ``np.int32`` segment / instance ids.

Offline priors (``tools/data/gen_saliency.py``, ``gen_fh_masks.py``)
mirror the image tree: ``{map_root}/{relpath(img_path, img_root)}`` with the
suffix replaced by ``.png`` (see :func:`mirror_path`).
"""
import os
import os.path as osp
from pathlib import Path
from typing import Callable, Optional, Tuple, Union

import cv2
import numpy as np
import pycocotools.mask as mask_utils
from mmcv.transforms import BaseTransform
from PIL import Image

from mmloc.datasets.image_files import read_image
from mmloc.registry import TRANSFORMS
from .fallbacks import FallbackCounterMixin

ON_MISSING = ('error', 'fallback')
SEGMENT_SOURCES = ('file', 'grid', 'coco', 'voc')
#: PASCAL VOC's 'void' label on object boundaries.
VOC_VOID = 255
#: Reads a map file into an array.
Reader = Callable[[str], np.ndarray]


def mirror_path(img_path: str, img_root: str, map_root: str,
                suffix: str) -> str:
    """The prior file of ``img_path`` in a tree mirroring ``img_root``.

    Example:
        >>> mirror_path('data/in/a/b.jpg', 'data/in', 'data/sal', '.png')
        'data/sal/a/b.png'

    Raises:
        ValueError: ``img_path`` is not under ``img_root``.
    """
    rel = osp.relpath(osp.abspath(img_path), osp.abspath(img_root))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise ValueError(f'image {img_path} is not under img_root '
                         f'{img_root}: cannot mirror its path')
    return osp.join(map_root, osp.splitext(rel)[0] + suffix)


def grid_segments(height: int, width: int, n: int) -> np.ndarray:
    """DetCon's spatial heuristic: an ``n x n`` grid of cell ids.

    Cell ``(i, j)`` has id ``i * n + j`` (row-major) and covers rows
    ``round(i * H / n) .. round((i + 1) * H / n) - 1`` (columns likewise),
    with numpy's round-half-to-even. Cells are empty when ``n`` exceeds
    the side.

    Returns:
        np.ndarray: ``height x width`` int32 ids in ``0..n * n - 1``.
    """
    if n < 1:
        raise ValueError(f'grid size must be >= 1, got {n}')

    def cell_of(size: int) -> np.ndarray:
        bounds = np.round(np.arange(1, n) * size / n)
        return np.searchsorted(bounds, np.arange(size), side='right')

    rows, cols = cell_of(height), cell_of(width)
    return (rows[:, None] * n + cols[None, :]).astype(np.int32)


def _image_size(results: dict, transform: str) -> Tuple[int, int]:
    """``(H, W)`` of ``results['img']``, which the maps must match."""
    if 'img' not in results:
        raise KeyError(f"{transform} needs results['img'] to size its map: "
                       'put LoadImageFromFile before it in the pipeline')
    return results['img'].shape[:2]


class _PriorFileLoader(FallbackCounterMixin, BaseTransform):
    """Missing-file and size-mismatch policy shared by the loaders.

    Args:
        on_missing (str): ``'error'`` raises on a missing file;
            ``'fallback'`` lets the subclass substitute a map, counted as
            ``'<Transform>.missing'``.
        resize (bool): Resize a map whose size differs from the image's
            instead of raising.
    """
    #: What the file holds, for error messages.
    what = 'prior map'

    def __init__(self, on_missing: str, resize: bool) -> None:
        if on_missing not in ON_MISSING:
            raise ValueError(f'on_missing must be one of {ON_MISSING}, got '
                             f'{on_missing!r}')
        self.on_missing = on_missing
        self.resize = resize

    def _read(self, results: dict, path: str, reader: Reader,
              interpolation: int) -> Optional[np.ndarray]:
        """``reader(path)`` at the image size, or ``None`` (counted) if the
        file is missing and ``on_missing='fallback'``."""
        name = type(self).__name__
        h, w = _image_size(results, name)
        if not osp.isfile(path):
            if self.on_missing == 'error':
                raise FileNotFoundError(
                    f"{name}: no {self.what} for image "
                    f"{results.get('img_path')}: expected {path}. Generate "
                    "it, or pass on_missing='fallback' to substitute a "
                    f"default (counted as '{name}.missing').")
            self._fallback(results, 'missing')
            return None
        data = reader(path)
        if data.shape[:2] == (h, w):
            return data
        if not self.resize:
            raise ValueError(
                f'{name}: {self.what} {path} is {data.shape[1]} x '
                f'{data.shape[0]} (W x H) but its image is {w} x {h}; pass '
                'resize=True to resize it to the image')
        return cv2.resize(data, (w, h), interpolation=interpolation)

    def __repr__(self) -> str:
        args = ', '.join(f'{k}={v!r}' for k, v in vars(self).items()
                         if not k.startswith('_'))
        return f'{type(self).__name__}({args})'


def _imread(path: str) -> np.ndarray:
    return read_image(path, cv2.IMREAD_UNCHANGED)


def _read_saliency(path: str) -> np.ndarray:
    sal = _imread(path)
    if sal.dtype != np.uint8:
        raise ValueError(f'saliency map {path} must be 8-bit (uint8 grey '
                         f'levels 0..255), got {sal.dtype}')
    if sal.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if sal.shape[2] == 4 else \
            cv2.COLOR_BGR2GRAY
        sal = cv2.cvtColor(sal, code)
    return sal


def _read_segment_png(path: str) -> np.ndarray:
    seg = _imread(path)
    if seg.ndim != 2 or seg.dtype not in (np.uint8, np.uint16):
        raise ValueError(f'segment map {path} must be a single-channel 8- '
                         f'or 16-bit PNG of ids, got {seg.dtype} with shape '
                         f'{seg.shape}')
    return seg


def _read_palette_png(path: str) -> np.ndarray:
    with Image.open(path) as img:
        # An indexed PNG holds the ids as palette indices; converting it
        # (or reading it with OpenCV) would give the palette's colours.
        if img.mode not in ('P', 'L'):
            raise ValueError(f'VOC object map {path} must be an indexed '
                             f"(mode 'P') PNG, got mode {img.mode!r}")
        return np.asarray(img)


def _decode_coco_mask(segm: Union[list, dict], h: int,
                      w: int) -> Optional[np.ndarray]:
    """COCO polygons / RLE -> ``H x W`` uint8 mask, as mmdet decodes them;
    ``None`` if no polygon has the 3 points a polygon needs."""
    if isinstance(segm, list):
        # pycocotools would read a 4-number polygon as a box.
        polys = [p for p in segm if len(p) >= 6 and len(p) % 2 == 0]
        if not polys:
            return None
        rle = mask_utils.merge(mask_utils.frPyObjects(polys, h, w))
    elif isinstance(segm['counts'], list):
        rle = mask_utils.frPyObjects(segm, h, w)
    else:
        rle = segm
    return mask_utils.decode(rle)


@TRANSFORMS.register_module()
class LoadSaliencyMap(_PriorFileLoader):
    """Load an offline saliency map mirroring the image's path.

    Required keys: ``img``, ``img_path``.
    Added keys: ``saliency`` (``H x W`` uint8, 0..255, salient > 128),
    ``saliency_path`` (``None`` when the fallback map is used), and
    ``prior_fallbacks`` on a fallback.

    The map of ``{img_root}/a/b.jpg`` is ``{map_root}/a/b{suffix}``. Colour
    maps are converted to grey; 16-bit maps are rejected. An all-zero map
    ("nothing salient") is legal and loaded as is: the crop that uses it
    handles it.

    Args:
        map_root (str): Root of the saliency maps.
        img_root (str): Root of the images, mirrored under ``map_root``.
        suffix (str): Map file suffix. Defaults to ``'.png'``.
        on_missing (str): ``'error'`` (default) raises
            ``FileNotFoundError``; ``'fallback'`` uses a constant map of
            ``fallback_value``, counted as ``'LoadSaliencyMap.missing'``.
        resize (bool): Resize a map of another size to the image
            (bilinear: the map holds grey levels) instead of raising
            ``ValueError``. Defaults to False.
        fallback_value (int): Value of the fallback map, 0..255. The default
            0 marks nothing salient, which ``SaliencyConstrainedCrop``
            degrades to a plain random resized crop.

    Example:
        >>> dict(type='LoadSaliencyMap', map_root='data/saliency/train',
        ...      img_root='data/imagenet/train', on_missing='fallback')
    """
    what = 'saliency map'

    def __init__(self,
                 map_root: str,
                 img_root: str,
                 suffix: str = '.png',
                 on_missing: str = 'error',
                 resize: bool = False,
                 fallback_value: int = 0) -> None:
        super().__init__(on_missing, resize)
        if not 0 <= fallback_value <= 255:
            raise ValueError('fallback_value must be a uint8 grey level '
                             f'0..255, got {fallback_value}')
        self.map_root = map_root
        self.img_root = img_root
        self.suffix = suffix
        self.fallback_value = fallback_value

    def transform(self, results: dict) -> dict:
        size = _image_size(results, 'LoadSaliencyMap')
        path = mirror_path(results['img_path'], self.img_root, self.map_root,
                           self.suffix)
        sal = self._read(results, path, _read_saliency, cv2.INTER_LINEAR)
        if sal is None:
            sal = np.full(size, self.fallback_value, dtype=np.uint8)
            path = None
        results['saliency'] = sal
        results['saliency_path'] = path
        return results


@TRANSFORMS.register_module()
class LoadSegments(_PriorFileLoader):
    """Load (or make) a segment id map for DetCon-style mask sampling.

    Required keys: ``img`` (for its size), ``img_path`` (file sources),
    ``instances`` (``'coco'``).
    Added keys: ``segments`` (``H x W`` int32), ``segments_path`` (file
    sources; ``None`` when the fallback grid is used), and
    ``prior_fallbacks`` on a fallback.

    Sources:

    - ``'file'``: offline segments (e.g. FH, 8- or 16-bit PNG ids) at
      ``{seg_root}/{relpath(img_path, img_root)}`` with ``suffix``.
    - ``'grid'``: a ``grid_size x grid_size`` grid, see
      :func:`grid_segments`; no file.
    - ``'coco'``: ground-truth instance masks from ``results['instances']``
      as mmdet's ``CocoDataset`` parses them (``'mask'``: polygons, or RLE
      with compressed or uncompressed counts). 0 is background and the
      ``k``-th instance of the list (1-based) gets id ``k``; where
      instances overlap the later one wins. Instances with
      ``ignore_flag=1`` (crowd) or no valid mask are skipped, leaving a gap
      in the ids; no instance gives an all-zero map.
    - ``'voc'``: PASCAL VOC ``SegmentationObject`` indexed PNGs, at
      ``img_path`` with its ``JPEGImages`` folder replaced by
      ``SegmentationObject`` (or at ``{seg_root}/{stem}.png``). The
      palette indices are the ids; VOC's 255 'void' boundary pixels become
      0 (background).

    Missing files (``'file'``, ``'voc'``) raise ``FileNotFoundError``, or
    with ``on_missing='fallback'`` use the grid, counted as
    ``'LoadSegments.missing'``. A map of another size raises
    ``ValueError``, or with ``resize=True`` is resized with nearest
    neighbour, so that no id is interpolated.

    Args:
        source (str): One of ``'file'``, ``'grid'``, ``'coco'``, ``'voc'``.
        seg_root (str, optional): Root of the segment files; required by
            ``'file'``, optional for ``'voc'``.
        img_root (str, optional): Image root mirrored under ``seg_root``;
            required by ``'file'`` only.
        suffix (str): Segment file suffix for ``'file'``.
        grid_size (int): Grid cells a side for ``'grid'`` and the fallback.
        on_missing (str): ``'error'`` or ``'fallback'``.
        resize (bool): Resize maps of another size instead of raising.

    Example:
        >>> dict(type='LoadSegments', source='file',
        ...      seg_root='data/fh_masks/train',
        ...      img_root='data/imagenet/train')
    """
    what = 'segment map'

    def __init__(self,
                 source: str = 'file',
                 seg_root: Optional[str] = None,
                 img_root: Optional[str] = None,
                 suffix: str = '.png',
                 grid_size: int = 4,
                 on_missing: str = 'error',
                 resize: bool = False) -> None:
        super().__init__(on_missing, resize)
        if source not in SEGMENT_SOURCES:
            raise ValueError(f'source must be one of {SEGMENT_SOURCES}, got '
                             f'{source!r}')
        if source == 'file' and (seg_root is None or img_root is None):
            raise ValueError("source='file' requires seg_root and img_root "
                             '(segment files mirror the image tree)')
        # Roots that a source ignores are most likely a config mistake.
        if source in ('grid', 'coco') and seg_root is not None:
            raise ValueError(f'seg_root is not used by source={source!r}')
        if source != 'file' and img_root is not None:
            raise ValueError("img_root is only used by source='file', got "
                             f'source={source!r}')
        if not isinstance(grid_size, int) or grid_size < 1:
            raise ValueError(f'grid_size must be an int >= 1, got '
                             f'{grid_size!r}')
        self.source = source
        self.seg_root = seg_root
        self.img_root = img_root
        self.suffix = suffix
        self.grid_size = grid_size

    def transform(self, results: dict) -> dict:
        h, w = _image_size(results, 'LoadSegments')
        if self.source == 'grid':
            seg = grid_segments(h, w, self.grid_size)
        elif self.source == 'coco':
            seg = self._coco_segments(results, h, w)
        else:
            seg = self._load_file(results, h, w)
        results['segments'] = seg
        return results

    def _load_file(self, results: dict, h: int, w: int) -> np.ndarray:
        if self.source == 'file':
            path = mirror_path(results['img_path'], self.img_root,
                               self.seg_root, self.suffix)
            reader = _read_segment_png
        else:
            path = self._voc_path(results['img_path'])
            reader = _read_palette_png
        seg = self._read(results, path, reader, cv2.INTER_NEAREST)
        if seg is None:
            results['segments_path'] = None
            return grid_segments(h, w, self.grid_size)
        results['segments_path'] = path
        seg = seg.astype(np.int32)
        if self.source == 'voc':
            seg[seg == VOC_VOID] = 0
        return seg

    def _voc_path(self, img_path: str) -> str:
        stem = Path(img_path).stem
        if self.seg_root is not None:
            return osp.join(self.seg_root, stem + '.png')
        folders = Path(img_path).parent.parts
        if 'JPEGImages' not in folders:
            raise ValueError(f'image {img_path} has no JPEGImages folder to '
                             'replace by SegmentationObject; pass seg_root')
        # The last one: the dataset root may itself contain the name.
        idx = len(folders) - 1 - folders[::-1].index('JPEGImages')
        return str(
            Path(*folders[:idx], 'SegmentationObject', *folders[idx + 1:],
                 stem + '.png'))

    @staticmethod
    def _coco_segments(results: dict, h: int, w: int) -> np.ndarray:
        if 'instances' not in results:
            raise KeyError("LoadSegments(source='coco') needs "
                           "results['instances'] (from mmdet's CocoDataset)")
        seg = np.zeros((h, w), dtype=np.int32)
        for k, instance in enumerate(results['instances'], start=1):
            if instance.get('ignore_flag', 0) or not instance.get('mask'):
                continue
            mask = _decode_coco_mask(instance['mask'], h, w)
            if mask is None:
                continue
            if mask.shape != (h, w):
                raise ValueError(f'instance {k} has a {mask.shape[1]} x '
                                 f'{mask.shape[0]} (W x H) RLE mask but '
                                 f'the image is {w} x {h}')
            seg[mask.astype(bool)] = k
        return seg

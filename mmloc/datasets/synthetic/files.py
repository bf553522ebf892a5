# Copyright (c) mmloc contributors. All rights reserved.
"""File helpers shared by the writers: naming, encoding, atomic writes."""
import io
import json
import os.path as osp
from functools import lru_cache
from typing import Any, Iterable, Optional

import cv2
import numpy as np
from PIL import Image

from mmloc.utils.fileio import atomic_open


def sample_stem(split: str, index: int) -> str:
    """File stem of a sample, shared by every format, e.g.
    ``'train_000042'``; sorting stems sorts samples."""
    return f'{split}_{index:06d}'


def write_lines_atomic(path: str, lines: Iterable[str]) -> None:
    """Write text lines (each ended by a newline) atomically."""
    with atomic_open(path) as f:
        f.writelines(f'{line}\n' for line in lines)


def write_json_atomic(path: str, obj: Any) -> None:
    """Write a JSON document atomically (compact, key order kept)."""
    with atomic_open(path) as f:
        json.dump(obj, f, separators=(',', ':'))


def write_bytes(path: str, data: bytes) -> None:
    with open(path, 'wb') as f:
        f.write(data)


def encode_image(img: np.ndarray,
                 img_format: str,
                 jpeg_quality: int = 95) -> bytes:
    """Encode an RGB image.

    Args:
        img (np.ndarray): (H, W, 3) uint8 RGB.
        img_format (str): ``'jpg'`` or ``'png'``.

    Returns:
        bytes: The encoded file.
    """
    bgr = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    if img_format == 'jpg':
        params = [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality]
    else:
        # Fast compression: these are small files written by the thousand.
        params = [cv2.IMWRITE_PNG_COMPRESSION, 1]
    ok, buf = cv2.imencode(f'.{img_format}', bgr, params)
    if not ok:
        raise RuntimeError(f'OpenCV failed to encode a {img_format} image')
    return buf.tobytes()


def encode_label_png(labels: np.ndarray) -> bytes:
    """Encode a single-channel label map losslessly.

    Args:
        labels (np.ndarray): (H, W) integer map, values < 65536.

    Returns:
        bytes: An 8-bit grey PNG if values fit, else a 16-bit one.
    """
    dtype = np.uint8 if labels.max(initial=0) < 256 else np.uint16
    ok, buf = cv2.imencode('.png', labels.astype(dtype),
                           [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise RuntimeError('OpenCV failed to encode a label PNG')
    return buf.tobytes()


@lru_cache(maxsize=1)
def _voc_palette_bytes() -> bytes:
    return voc_palette().tobytes()


@lru_cache(maxsize=1)
def voc_palette() -> np.ndarray:
    """The PASCAL VOC colour map: (256, 3) uint8, index 0 black."""
    idx = np.arange(256)
    cmap = np.zeros((256, 3), dtype=np.int64)
    for bit in range(8):
        for ch in range(3):
            cmap[:, ch] |= ((idx >> (3 * bit + ch)) & 1) << (7 - bit)
    return cmap.astype(np.uint8)


def encode_palette_png(labels: np.ndarray,
                       palette: Optional[np.ndarray] = None) -> bytes:
    """Encode an indexed (palette, mode ``P``) PNG as VOC ships its masks.

    Args:
        labels (np.ndarray): (H, W) integer map with values in 0..255.
        palette (np.ndarray, optional): (256, 3) uint8; VOC's by default.

    Returns:
        bytes: The PNG; readers that ignore the palette get ``labels``.
    """
    img = Image.fromarray(labels.astype(np.uint8))
    # putpalette turns the 'L' image into 'P' and keeps the indices.
    img.putpalette(_voc_palette_bytes() if palette is
                   None else np.asarray(palette, np.uint8).tobytes())
    buf = io.BytesIO()
    img.save(buf, format='PNG', compress_level=1)
    return buf.getvalue()

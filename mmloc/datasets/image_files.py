# Copyright (c) mmloc contributors. All rights reserved.
"""Refusing broken image files by name instead of training on them.

OpenCV decodes a truncated JPEG without an error (the missing rows come
out grey; libjpeg only warns on stderr) and fails on an empty file with an
assertion that does not name it. :func:`image_file_problem` catches both,
cheaply: it reads a file's first and last bytes, and only a JPEG whose end
marker is not near its end (a camera trailer can follow it) is decoded in
full by Pillow to tell a trailer from a truncation.
"""
import os
from pathlib import Path
from typing import Optional, Union

import cv2
import numpy as np
from PIL import Image

PathLike = Union[str, Path]
JPEG_SOI, JPEG_EOI = b'\xff\xd8', b'\xff\xd9'
PNG_SIGNATURE, PNG_IEND = b'\x89PNG\r\n\x1a\n', b'IEND\xaeB`\x82'
#: where the end marker must lie, counted from the end of the file
TAIL = 4096


class BadImageError(ValueError):
    """An image file that cannot be used; the message starts with the
    file's path and says what is wrong with it."""


def _truncated_jpeg(path: PathLike) -> bool:
    try:
        with Image.open(path) as img:
            img.load()
    except OSError:
        return True
    return False


def image_file_problem(path: PathLike) -> Optional[str]:
    """What is wrong with the image file ``path``, or ``None``: missing,
    empty, a JPEG or PNG cut short. (Whether it decodes at all is left to
    the decoder: :func:`read_image`.)"""
    try:
        size = os.path.getsize(path)
        with open(path, 'rb') as f:
            head = f.read(8)
            f.seek(max(0, size - TAIL))
            tail = f.read()
    except OSError as e:
        return f'cannot read the file ({e.strerror or e})'
    if size == 0:
        return 'empty file (0 bytes)'
    if head[:2] == JPEG_SOI and JPEG_EOI not in tail and _truncated_jpeg(path):
        return f'truncated JPEG (no end-of-image marker; {size} bytes)'
    if head == PNG_SIGNATURE and PNG_IEND not in tail:
        return f'truncated PNG (no IEND chunk; {size} bytes)'
    return None


def check_image_file(path: PathLike) -> None:
    """Raise :class:`BadImageError` if :func:`image_file_problem` finds
    one."""
    problem = image_file_problem(path)
    if problem:
        raise BadImageError(f'{path}: {problem}')


def read_image(path: PathLike, flag: int = cv2.IMREAD_COLOR) -> np.ndarray:
    """``cv2.imread(path, flag)`` that raises :class:`BadImageError` (the
    path and the problem) instead of returning ``None`` or a silently
    patched image. ``IMREAD_COLOR`` gives ``H x W x 3`` BGR for grey and
    RGBA files too (grey replicated, alpha dropped)."""
    check_image_file(path)
    arr = cv2.imread(str(path), flag)
    if arr is None:
        raise BadImageError(f'{path}: cannot read it as an image (OpenCV '
                            'cannot decode it)')
    return arr

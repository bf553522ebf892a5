# Copyright (c) mmloc contributors. All rights reserved.
"""``LoadImageFromFile`` that names a broken image instead of training on
it (mmloc's scope; mmcv's class otherwise)."""
from typing import Optional

from mmcv.transforms import LoadImageFromFile as MMCVLoadImageFromFile

from mmloc.datasets.image_files import BadImageError, image_file_problem
from mmloc.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadImageFromFile(MMCVLoadImageFromFile):
    """mmcv's ``LoadImageFromFile``, refusing broken files by name.

    mmcv's loader, with OpenCV, trains on a truncated JPEG (the missing
    rows come out grey), fails on an empty file with an OpenCV assertion
    that does not name it, and says only "failed to load image" for a file
    that is not an image. Here a local file is first checked
    (:func:`mmloc.datasets.image_files.image_file_problem`: empty, JPEG or
    PNG cut short; reading its first and last bytes) and any decoding
    failure raises :class:`BadImageError` with the path and the problem.
    Grey and RGBA files load as 3-channel BGR (``color_type='color'``:
    grey replicated, alpha dropped), as in mmcv. With ``ignore_empty=True``
    a broken file gives ``None`` as in mmcv, and mmengine's dataset draws
    another image in its place.

    Arguments and keys: those of mmcv's ``LoadImageFromFile``.
    """

    def transform(self, results: dict) -> Optional[dict]:
        filename = results['img_path']
        # remote files (a backend's URL) are left to mmcv's reader
        problem = (None
                   if '://' in str(filename) else image_file_problem(filename))
        if problem:
            if self.ignore_empty:
                return None
            raise BadImageError(f'{filename}: {problem}')
        try:
            out = super().transform(results)
        except Exception as e:
            raise BadImageError(
                f'{filename}: not an image the {self.imdecode_backend} '
                f'backend can decode ({type(e).__name__}: {e})') from e
        return out

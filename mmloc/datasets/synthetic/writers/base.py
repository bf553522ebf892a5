# Copyright (c) mmloc contributors. All rights reserved.
"""The writer interface and the per-sample item handed to every writer."""
import os
import os.path as osp
import shutil
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from ..config import SyntheticConfig
from ..files import encode_image, encode_label_png, sample_stem, write_bytes
from ..sample import SyntheticSample


class WriteItem:
    """One rendered sample on its way to the writers.

    Encoded files are cached, so an image or mask that several formats
    store is encoded once.

    Args:
        cfg (SyntheticConfig): The run's options.
        split (str): Split of the sample.
        index (int): Index of the sample in its split.
        sample (SyntheticSample): The rendered sample.
    """

    def __init__(self, cfg: SyntheticConfig, split: str, index: int,
                 sample: SyntheticSample) -> None:
        self.cfg = cfg
        self.split = split
        self.index = index
        self.sample = sample
        self.stem = sample_stem(split, index)
        self._cache: Dict[str, bytes] = {}

    def image_bytes(self,
                    key: str = 'img',
                    img: Optional[np.ndarray] = None) -> bytes:
        """Encoded ``sample.img`` (or ``img``, cached under ``key``)."""
        if key not in self._cache:
            img = self.sample.img if img is None else img
            self._cache[key] = encode_image(img, self.cfg.img_format,
                                            self.cfg.jpeg_quality)
        return self._cache[key]

    def instances_png(self) -> bytes:
        """The instance-id map as a grey PNG (ids 1..K, 0 background)."""
        if 'instances' not in self._cache:
            self._cache['instances'] = encode_label_png(self.sample.instances)
        return self._cache['instances']


class BaseWriter:
    """Writes one dataset layout.

    ``prepare`` runs once in the main process, ``write`` in the workers for
    every sample (it writes the sample's files and returns a small picklable
    record, or ``None`` to skip the sample), and ``finalize`` in the main
    process writes the annotation files from all records, atomically.

    Args:
        cfg (SyntheticConfig): The run's options.
    """
    #: Format name used by ``--formats``.
    name: str = ''
    #: Sub-folder of ``cfg.out_dir`` that the writer owns.
    folder: str = ''
    #: Extension of JPEG files (ImageNet spells it ``.JPEG``).
    jpeg_ext: str = '.jpg'

    def __init__(self, cfg: SyntheticConfig) -> None:
        self.cfg = cfg
        self.root = osp.join(cfg.out_dir, self.folder)

    @property
    def splits(self) -> Sequence[str]:
        """Splits this layout stores."""
        return self.cfg.splits

    def split_dir(self, split: str) -> str:
        """Name of a split's image folder in this layout."""
        return split

    @property
    def img_ext(self) -> str:
        """Image file extension of this layout."""
        return self.jpeg_ext if self.cfg.img_format == 'jpg' else '.png'

    def dirs(self) -> List[str]:
        """Folders (relative to ``root``) to create before writing."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Claim ``root`` and create the folders.

        Raises:
            FileExistsError: ``root`` holds files and ``cfg.overwrite`` is
                off: stale files would otherwise leak into folder scans.
        """
        if osp.isdir(self.root) and os.listdir(self.root):
            if not self.cfg.overwrite:
                raise FileExistsError(
                    f'{self.root} is not empty; pass overwrite=True '
                    '(--overwrite) to replace it')
            shutil.rmtree(self.root)
        for folder in self.dirs():
            os.makedirs(osp.join(self.root, folder), exist_ok=True)

    def write(self, item: WriteItem) -> Any:
        """Write one sample's files; return its annotation record."""
        raise NotImplementedError

    def finalize(self, records: Dict[str, List[Any]]) -> None:
        """Write the annotation files from ``{split: [record, ...]}``, the
        records in index order."""
        raise NotImplementedError

    def _put(self, rel_path: str, data: bytes) -> None:
        write_bytes(osp.join(self.root, rel_path), data)

# Copyright (c) mmloc contributors. All rights reserved.
"""Stanford Cars devkit layout, read by mmpretrain's ``StanfordCars``.

Layout::

    stanford_cars/                       <- ``data_root``
    ├── cars_train/{name}.jpg            the train split
    ├── cars_test/{name}.jpg             the val split
    ├── devkit/
    │   ├── cars_train_annos.mat
    │   ├── cars_test_annos_withlabels.mat
    │   └── cars_meta.mat                ``class_names``: 1 x C cell
    └── gt_masks/{cars_train,cars_test}/{name}.png   instance ids,
                                                     evaluation only

The annotation files hold a 1 x N struct array ``annotations`` with fields
``bbox_x1, bbox_y1, bbox_x2, bbox_y2`` (the main object's visible box,
0-based inclusive pixel coordinates), ``class`` (1-based) and ``fname``,
as in the real devkit. mmpretrain reads them with mat4py, which turns a
one-element struct array into scalars instead of lists, so a split needs at
least two images to load.
"""
import io
import os.path as osp
from typing import Dict, List, Tuple

import numpy as np
from scipy.io import savemat

from mmloc.utils.fileio import atomic_open
from .base import BaseWriter, WriteItem

Record = Tuple[str, int, Tuple[int, int, int, int]]
_FIELDS = ('bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class', 'fname')
_MAT_HEADER = b'MATLAB 5.0 MAT-file, written by mmloc'.ljust(116)
ANN_FILES = {
    'train': 'cars_train_annos.mat',
    'val': 'cars_test_annos_withlabels.mat'
}


def annotations_struct(records: List[Record]) -> np.ndarray:
    """Records -> a (1, N) MATLAB struct array for ``scipy.io.savemat``."""
    struct = np.empty((1, len(records)), dtype=[(f, object) for f in _FIELDS])
    for i, (fname, label, box) in enumerate(records):
        values = [np.array([[v]], dtype=np.uint16) for v in box]
        values.append(np.array([[label + 1]], dtype=np.uint8))
        struct[0, i] = (*values, fname)
    return struct


class CarsWriter(BaseWriter):
    name = 'cars'
    folder = 'stanford_cars'

    def split_dir(self, split: str) -> str:
        return 'cars_train' if split == 'train' else 'cars_test'

    def dirs(self) -> List[str]:
        return ['devkit'] + [
            osp.join(top, self.split_dir(s)) for s in self.splits
            for top in ('', 'gt_masks')
        ]

    def write(self, item: WriteItem) -> Record:
        sample = item.sample
        folder = self.split_dir(item.split)
        fname = item.stem + self.img_ext
        self._put(osp.join(folder, fname), item.image_bytes())
        self._put(
            osp.join('gt_masks', folder, f'{item.stem}.png'),
            item.instances_png())
        x1, y1, x2, y2 = (int(v) for v in sample.boxes[-1])
        return fname, sample.label, (x1, y1, x2 - 1, y2 - 1)

    def finalize(self, records: Dict[str, List[Record]]) -> None:
        devkit = osp.join(self.root, 'devkit')
        for split, recs in records.items():
            self._savemat(
                osp.join(devkit, ANN_FILES[split]),
                {'annotations': annotations_struct(recs)})
        names = np.empty((1, self.cfg.num_classes), dtype=object)
        names[0, :] = self.cfg.classes
        self._savemat(
            osp.join(devkit, 'cars_meta.mat'), {'class_names': names})

    @staticmethod
    def _savemat(path: str, content: dict) -> None:
        buf = io.BytesIO()
        savemat(buf, content)
        data = bytearray(buf.getvalue())
        # savemat stamps the creation time into the 116-byte text header;
        # a fixed header keeps runs byte-identical.
        data[:len(_MAT_HEADER)] = _MAT_HEADER
        with atomic_open(path, 'wb') as f:
            f.write(data)

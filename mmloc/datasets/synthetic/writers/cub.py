# Copyright (c) mmloc contributors. All rights reserved.
"""CUB-200-2011 layout, read by mmpretrain's ``CUB``.

Layout (``{cls}`` is ``NNN.name`` with a 1-based number, e.g.
``001.disc``)::

    CUB_200_2011/                  <- ``data_root`` of ``CUB``
    ├── images/{cls}/{name}.jpg    (.png with img_format='png')
    ├── images.txt                 "{id} {cls}/{name}.jpg"
    ├── image_class_labels.txt     "{id} {label + 1}"
    ├── train_test_split.txt       "{id} {1 if train else 0}"
    ├── classes.txt                "{label + 1} {cls}"
    ├── bounding_boxes.txt         "{id} {x} {y} {width} {height}"
    └── segmentations/{cls}/{name}.png   0 / 255 grey mask

Image ids are 1-based and run over the train split, then val. The box and
the segmentation are those of the main object (CUB has one bird an
image). The ``val`` split is CUB's ``test`` split (``is_train = 0``).
"""
import os.path as osp
from typing import Dict, List, Tuple

import numpy as np

from ..files import encode_label_png, write_lines_atomic
from .base import BaseWriter, WriteItem

Record = Tuple[str, int, Tuple[float, float, float, float]]


class CubWriter(BaseWriter):
    name = 'cub'
    folder = 'CUB_200_2011'

    def _class_dir(self, label: int) -> str:
        return f'{label + 1:03d}.{self.cfg.classes[label]}'

    def dirs(self) -> List[str]:
        return [
            osp.join(top, self._class_dir(c))
            for top in ('images', 'segmentations')
            for c in range(self.cfg.num_classes)
        ]

    def write(self, item: WriteItem) -> Record:
        sample = item.sample
        cls = self._class_dir(sample.label)
        rel = f'{cls}/{item.stem}{self.img_ext}'
        self._put(osp.join('images', rel), item.image_bytes())
        mask = sample.main_mask().astype(np.uint8) * 255
        self._put(
            osp.join('segmentations', cls, f'{item.stem}.png'),
            encode_label_png(mask))
        x1, y1, x2, y2 = (float(v) for v in sample.boxes[-1])
        return rel, sample.label, (x1, y1, x2 - x1, y2 - y1)

    def finalize(self, records: Dict[str, List[Record]]) -> None:
        rows = [(rel, label, box, split == 'train')
                for split, recs in records.items() for rel, label, box in recs]
        ids = range(1, len(rows) + 1)
        tables = {
            'images.txt': (f'{i} {r[0]}' for i, r in zip(ids, rows)),
            'image_class_labels.txt':
            (f'{i} {r[1] + 1}' for i, r in zip(ids, rows)),
            'train_test_split.txt':
            (f'{i} {int(r[3])}' for i, r in zip(ids, rows)),
            'bounding_boxes.txt': (f'{i} ' + ' '.join(f'{v:.1f}' for v in r[2])
                                   for i, r in zip(ids, rows)),
            'classes.txt': (f'{c + 1} {self._class_dir(c)}'
                            for c in range(self.cfg.num_classes)),
        }
        for name, lines in tables.items():
            write_lines_atomic(osp.join(self.root, name), lines)

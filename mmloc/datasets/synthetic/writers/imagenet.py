# Copyright (c) mmloc contributors. All rights reserved.
"""ImageNet-style class folders, read by mmpretrain's ``ImageNet`` and
``CustomDataset``.

Layout (``{cls}`` is e.g. ``00_disc``, see
:func:`~mmloc.datasets.synthetic.classes.class_folder`)::

    imagenet/
    ├── train/{cls}/train_000000.JPEG    (.png with img_format='png')
    ├── val/{cls}/val_000000.JPEG
    ├── meta/
    │   ├── train.txt            "{cls}/{name}.JPEG {label}" per line
    │   ├── val.txt
    │   ├── train_families.txt   "{cls}/{name}.JPEG {family}" per line
    │   └── val_families.txt
    └── gt_masks/{split}/{cls}/{name}.png  instance ids, 0 = background
                                           (for evaluation only)

Load with ``CustomDataset(data_root='imagenet', data_prefix='train')``
(folder scan), or ``ImageNet(data_root='imagenet', split='train',
metainfo=dict(classes=SYNTHETIC_CLASSES))`` (uses ``meta/train.txt``).
"""
import os.path as osp
from typing import Dict, List, Tuple

from ..classes import class_folder
from ..files import write_lines_atomic
from .base import BaseWriter, WriteItem


class ImageNetWriter(BaseWriter):
    name = 'imagenet'
    folder = 'imagenet'
    jpeg_ext = '.JPEG'

    def dirs(self) -> List[str]:
        folders = [
            class_folder(c, self.cfg.classes)
            for c in range(self.cfg.num_classes)
        ]
        return ['meta'] + [
            osp.join(top, cls) for split in self.splits
            for top in (split, osp.join('gt_masks', split)) for cls in folders
        ]

    def write(self, item: WriteItem) -> Tuple[str, int, int]:
        sample = item.sample
        cls = class_folder(sample.label, self.cfg.classes)
        rel = f'{cls}/{item.stem}{self.img_ext}'
        self._put(osp.join(item.split, rel), item.image_bytes())
        self._put(
            osp.join('gt_masks', item.split, cls, f'{item.stem}.png'),
            item.instances_png())
        return rel, sample.label, sample.family

    def finalize(self, records: Dict[str, List[Tuple[str, int, int]]]) -> None:
        for split, recs in records.items():
            meta = osp.join(self.root, 'meta')
            write_lines_atomic(
                osp.join(meta, f'{split}.txt'),
                (f'{rel} {label}' for rel, label, _ in recs))
            write_lines_atomic(
                osp.join(meta, f'{split}_families.txt'),
                (f'{rel} {family}' for rel, _, family in recs))

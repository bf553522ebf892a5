# Copyright (c) mmloc contributors. All rights reserved.
"""PASCAL VOC 2012 segmentation layout, read by mmseg's
``PascalVOCDataset``.

Layout::

    VOCdevkit/VOC2012/
    ├── JPEGImages/{name}.jpg             (.png with img_format='png')
    ├── SegmentationClass/{name}.png      indexed PNG, 0 = background,
    │                                     c + 1 = class c (no 255 void:
    │                                     the masks are exact)
    ├── SegmentationObject/{name}.png     indexed PNG, instance ids 1..K
    └── ImageSets/Segmentation/{train,val,trainval}.txt   one name a line

Labels ``0..10`` fit in VOC's 21 classes, so ``PascalVOCDataset`` reads the
folder as is (with VOC's class names). Its ``metainfo`` only accepts
subsets of the VOC names and it fixes ``img_suffix='.jpg'``; configs that
train on this data therefore use the same layout through
``BaseSegDataset`` with ``metainfo=dict(classes=('background',
*SYNTHETIC_CLASSES))`` (and ``img_suffix='.png'`` for png images).
"""
import os.path as osp
from typing import Dict, List

from ..files import encode_palette_png, write_lines_atomic
from .base import BaseWriter, WriteItem


class VocWriter(BaseWriter):
    name = 'voc'
    folder = osp.join('VOCdevkit', 'VOC2012')
    SETS = osp.join('ImageSets', 'Segmentation')

    def dirs(self) -> List[str]:
        return [
            'JPEGImages', 'SegmentationClass', 'SegmentationObject', self.SETS
        ]

    def write(self, item: WriteItem) -> str:
        sample = item.sample
        self._put(
            osp.join('JPEGImages', item.stem + self.img_ext),
            item.image_bytes())
        self._put(
            osp.join('SegmentationClass', f'{item.stem}.png'),
            encode_palette_png(sample.semantic))
        self._put(
            osp.join('SegmentationObject', f'{item.stem}.png'),
            encode_palette_png(sample.instances))
        return item.stem

    def finalize(self, records: Dict[str, List[str]]) -> None:
        sets = dict(records)
        if {'train', 'val'} <= set(sets):
            sets['trainval'] = sets['train'] + sets['val']
        for name, stems in sets.items():
            write_lines_atomic(
                osp.join(self.root, self.SETS, f'{name}.txt'), stems)

# Copyright (c) mmloc contributors. All rights reserved.
"""Cityscapes layout (fine annotations, after mmseg's converter), read by
mmseg's ``CityscapesDataset``.

Layout (``{name}`` is ``synthetic_{index:06d}_000019``: Cityscapes names a
frame ``{city}_{sequence}_{frame}`` and annotates frame 19 of each
sequence; the "city" is ``synthetic``)::

    cityscapes/
    ├── leftImg8bit/{split}/synthetic/
    │   └── {name}_leftImg8bit.png            RGB, always PNG (as the
    │                                         real set)
    └── gtFine/{split}/synthetic/
        ├── {name}_gtFine_labelTrainIds.png   train ids 0..10 (what mmseg
        │                                     reads; its converter writes
        │                                     them from the polygons)
        └── {name}_gtFine_labelIds.png        the same pixels as
                                              Cityscapes label ids
                                              (7, 8, 11, ...)

``CityscapesDataset`` fixes the 19 Cityscapes class names (its ``metainfo``
accepts subsets only), so the 11 synthetic labels take the first 11 train
ids: background is ``road`` (0) and shape ``c`` is train id ``c + 1``
(``sidewalk`` = disc, ..., ``sky`` = arrow), i.e. the label-train-id map
*is* ``SyntheticSample.semantic``. The 8 "thing" ids 11..18 never occur;
mmseg's ``IoUMetric`` averages over the classes present (NaN IoUs are
skipped), so a perfect prediction scores mIoU 100. The layout exists to run
the Cityscapes transfer benchmark's exact loader, pipeline and metric on
CPU; it is no stand-in for street scenes.
"""
import os.path as osp
from typing import Dict, List

import numpy as np

from ..files import encode_image, encode_label_png
from .base import BaseWriter, WriteItem

#: Cityscapes label id of each train id 0..10 (road, sidewalk, building,
#: wall, fence, pole, traffic light, traffic sign, vegetation, terrain,
#: sky), from cityscapesScripts' ``labels.py``.
LABEL_IDS = np.array([7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23], np.uint8)
#: Cityscapes annotates the 20th frame (index 19) of every snippet.
FRAME = 19


def cityscapes_name(index: int) -> str:
    """Frame name of sample ``index``: ``synthetic_{index:06d}_000019``."""
    return f'synthetic_{index:06d}_{FRAME:06d}'


class CityscapesWriter(BaseWriter):
    name = 'cityscapes'
    folder = 'cityscapes'
    CITY = 'synthetic'

    def dirs(self) -> List[str]:
        return [
            osp.join(top, split, self.CITY) for split in self.splits
            for top in ('leftImg8bit', 'gtFine')
        ]

    def write(self, item: WriteItem) -> str:
        sample = item.sample
        if sample.semantic.max(initial=0) >= len(LABEL_IDS):
            raise ValueError(
                f'Cityscapes layout: label {int(sample.semantic.max())} has '
                f'no train id (at most {len(LABEL_IDS) - 1} classes + '
                'background)')
        name = cityscapes_name(item.index)
        img = osp.join('leftImg8bit', item.split, self.CITY,
                       f'{name}_leftImg8bit.png')
        self._put(
            img,
            encode_image(sample.img, 'png', self.cfg.jpeg_quality)
            if self.cfg.img_format != 'png' else item.image_bytes())
        gt = osp.join('gtFine', item.split, self.CITY, f'{name}_gtFine_')
        self._put(gt + 'labelTrainIds.png', encode_label_png(sample.semantic))
        self._put(gt + 'labelIds.png',
                  encode_label_png(LABEL_IDS[sample.semantic]))
        return name

    def finalize(self, records: Dict[str, List[str]]) -> None:
        # mmseg's CityscapesDataset scans the folders; no split lists (the
        # real set has none either).
        pass

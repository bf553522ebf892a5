# Copyright (c) mmloc contributors. All rights reserved.
"""COCO instance annotations, read by mmdet's ``CocoDataset``.

Layout::

    coco/
    ├── train2017/train_000000.jpg      (.png with img_format='png')
    ├── val2017/val_000000.jpg
    └── annotations/instances_{train2017,val2017}.json

Category ids are ``1..num_classes`` named after the classes; image ids are
``index + 1``; each visible instance is one annotation (``bbox`` xywh of
its visible pixels, ``area`` its pixel count, ``iscrowd`` 0). With
``coco_segm='rle'`` the segmentation is pycocotools' compressed RLE (its
``counts`` decoded to ``str`` for JSON) and decodes to the exact mask;
``'polygon'`` stores the outer contours, which loses holes.
"""
import os.path as osp
from typing import Any, Dict, List

import cv2
import numpy as np
import pycocotools.mask as mask_utils

from ..files import write_json_atomic
from .base import BaseWriter, WriteItem


def mask_to_rle(mask: np.ndarray) -> Dict[str, Any]:
    """(H, W) bool mask -> compressed RLE dict with ``str`` counts."""
    rle = mask_utils.encode(np.asfortranarray(mask, dtype=np.uint8))
    return {
        'size': [int(s) for s in rle['size']],
        'counts': rle['counts'].decode('ascii')
    }


def mask_to_polygons(mask: np.ndarray) -> List[List[float]]:
    """(H, W) bool mask -> COCO polygons (outer contours, >= 3 points)."""
    contours, _ = cv2.findContours(
        mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    # COCO polygons trace pixel centres at +0.5 of OpenCV's integer ones.
    return [(c.reshape(-1, 2) + 0.5).ravel().tolist() for c in contours
            if len(c) >= 3]


class CocoWriter(BaseWriter):
    name = 'coco'
    folder = 'coco'

    def split_dir(self, split: str) -> str:
        return f'{split}2017'

    def dirs(self) -> List[str]:
        return ['annotations'] + [self.split_dir(s) for s in self.splits]

    def write(self, item: WriteItem) -> Dict[str, Any]:
        sample = item.sample
        file_name = item.stem + self.img_ext
        self._put(
            osp.join(self.split_dir(item.split), file_name),
            item.image_bytes())
        encode = mask_to_rle if self.cfg.coco_segm == 'rle' \
            else mask_to_polygons
        anns = []
        for mask, label, box in zip(sample.instance_masks(), sample.labels,
                                    sample.boxes):
            x1, y1, x2, y2 = (float(v) for v in box)
            anns.append(
                dict(
                    category_id=int(label) + 1,
                    bbox=[x1, y1, x2 - x1, y2 - y1],
                    area=float(mask.sum()),
                    segmentation=encode(mask),
                    iscrowd=0))
        h, w = sample.img.shape[:2]
        return dict(file_name=file_name, height=h, width=w, anns=anns)

    def finalize(self, records: Dict[str, List[Dict[str, Any]]]) -> None:
        categories = [
            dict(id=i + 1, name=name, supercategory='shape')
            for i, name in enumerate(self.cfg.classes)
        ]
        for split, recs in records.items():
            images, annotations = [], []
            for image_id, rec in enumerate(recs, start=1):
                images.append(
                    dict(
                        id=image_id,
                        file_name=rec['file_name'],
                        height=rec['height'],
                        width=rec['width']))
                for ann in rec['anns']:
                    annotations.append(
                        dict(
                            id=len(annotations) + 1, image_id=image_id, **ann))
            write_json_atomic(
                osp.join(self.root, 'annotations',
                         f'instances_{self.split_dir(split)}.json'),
                dict(
                    info=dict(
                        description='mmloc synthetic shapes', version='1.0'),
                    licenses=[],
                    images=images,
                    annotations=annotations,
                    categories=categories))

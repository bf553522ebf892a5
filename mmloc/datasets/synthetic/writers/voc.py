# Copyright (c) mmloc contributors. All rights reserved.
"""PASCAL VOC 2012 layout: segmentation, read by mmseg's
``PascalVOCDataset``, and detection, read by mmdet's ``VOCDataset``.

Layout::

    VOCdevkit/VOC2012/
    ├── JPEGImages/{name}.jpg             (.png with img_format='png')
    ├── Annotations/{name}.xml            VOC detection XML, see below
    ├── SegmentationClass/{name}.png      indexed PNG, 0 = background,
    │                                     c + 1 = class c (no 255 void:
    │                                     the masks are exact)
    ├── SegmentationObject/{name}.png     indexed PNG, instance ids 1..K
    └── ImageSets/
        ├── Segmentation/{train,val,trainval}.txt   one name a line
        └── Main/{train,val,trainval}.txt           the same names

Segmentation: labels ``0..10`` fit in VOC's 21 classes, so
``PascalVOCDataset`` reads the folder as is (with VOC's class names). Its
``metainfo`` only accepts subsets of the VOC names and it fixes
``img_suffix='.jpg'``; configs that train on this data therefore use the
same layout through ``BaseSegDataset`` with ``metainfo=dict(classes=
('background', *SYNTHETIC_CLASSES))`` (and ``img_suffix='.png'`` for png
images).

Detection: one ``Annotations/{name}.xml`` per image in the VOC devkit's
schema (``filename``, ``size`` width / height / depth, ``segmented`` 1, one
``object`` per visible instance, in paint order, with ``name`` the class
name, ``pose`` Unspecified, ``truncated`` 0 and ``difficult`` 0: every
object lies inside the image and is labelled exactly). ``bndbox`` follows
VOC's convention, 1-based and inclusive: ``xmin`` / ``ymin`` is the first
visible column / row + 1 and ``xmax`` / ``ymax`` the last one + 1, i.e.
``SyntheticSample.boxes`` (0-based, exclusive end) as ``x1 + 1, y1 + 1, x2,
y2``. mmdet's ``XMLDataset`` subtracts 1 from all four, so it loads the
0-based *inclusive* box ``x1, y1, x2 - 1, y2 - 1`` of the visible pixels,
the legacy convention that its ``VOCMetric`` evaluates in
(``use_legacy_coordinate=True`` adds the 1 back to widths and heights),
exactly as for the real VOC. ``VOCDataset`` needs ``metainfo=dict(classes=
SYNTHETIC_CLASSES)`` and reads ``{name}.jpg`` only (``XMLDataset`` fixes
the suffix), so detection needs the default jpg images.
"""
import os.path as osp
import xml.etree.ElementTree as ET
from typing import Dict, List, Sequence, Tuple

from ..files import encode_palette_png, write_lines_atomic
from ..sample import SyntheticSample
from .base import BaseWriter, WriteItem


def voc_xml(sample: SyntheticSample, filename: str,
            classes: Sequence[str]) -> bytes:
    """The VOC detection annotation of a sample.

    Args:
        sample (SyntheticSample): Provides the image size, the labels and
            the visible boxes of the instances.
        filename (str): Image file name (``<filename>``).
        classes (Sequence[str]): Class names, indexed by label.

    Returns:
        bytes: UTF-8 XML document (see the module docstring).
    """
    root = ET.Element('annotation')
    ET.SubElement(root, 'folder').text = 'VOC2012'
    ET.SubElement(root, 'filename').text = filename
    ET.SubElement(ET.SubElement(root, 'source'),
                  'database').text = 'mmloc synthetic shapes'
    size = ET.SubElement(root, 'size')
    h, w = sample.img.shape[:2]
    depth = sample.img.shape[2] if sample.img.ndim == 3 else 1
    for tag, value in (('width', w), ('height', h), ('depth', depth)):
        ET.SubElement(size, tag).text = str(value)
    # Every image has SegmentationClass / SegmentationObject masks.
    ET.SubElement(root, 'segmented').text = '1'
    for label, box in zip(sample.labels, sample.boxes):
        obj = ET.SubElement(root, 'object')
        ET.SubElement(obj, 'name').text = classes[int(label)]
        ET.SubElement(obj, 'pose').text = 'Unspecified'
        ET.SubElement(obj, 'truncated').text = '0'
        ET.SubElement(obj, 'difficult').text = '0'
        bndbox = ET.SubElement(obj, 'bndbox')
        for tag, value in zip(('xmin', 'ymin', 'xmax', 'ymax'), voc_box(box)):
            ET.SubElement(bndbox, tag).text = str(value)
    ET.indent(root)
    return ET.tostring(root, encoding='utf-8')


def voc_box(box: Sequence[float]) -> Tuple[int, int, int, int]:
    """``x1, y1, x2, y2`` (0-based, exclusive end, as in
    ``SyntheticSample.boxes``) -> VOC's 1-based inclusive ``xmin, ymin,
    xmax, ymax``."""
    x1, y1, x2, y2 = (int(round(float(v))) for v in box)
    return x1 + 1, y1 + 1, x2, y2


class VocWriter(BaseWriter):
    name = 'voc'
    folder = osp.join('VOCdevkit', 'VOC2012')
    #: Split lists of the segmentation and the detection task.
    SETS = osp.join('ImageSets', 'Segmentation')
    MAIN_SETS = osp.join('ImageSets', 'Main')

    def dirs(self) -> List[str]:
        return [
            'JPEGImages', 'Annotations', 'SegmentationClass',
            'SegmentationObject', self.SETS, self.MAIN_SETS
        ]

    def write(self, item: WriteItem) -> str:
        sample = item.sample
        file_name = item.stem + self.img_ext
        self._put(osp.join('JPEGImages', file_name), item.image_bytes())
        self._put(
            osp.join('Annotations', f'{item.stem}.xml'),
            voc_xml(sample, file_name, self.cfg.classes))
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
        # Both tasks use every image, so their split lists are the same.
        for folder in (self.SETS, self.MAIN_SETS):
            for name, stems in sets.items():
                write_lines_atomic(
                    osp.join(self.root, folder, f'{name}.txt'), stems)

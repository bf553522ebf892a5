# Copyright (c) mmloc contributors. All rights reserved.
"""The class list, each class's texture and its folder name."""
from mmloc.datasets.synthetic import (BACKGROUND_FAMILIES, CLASS_TEXTURES,
                                      SYNTHETIC_CLASSES, class_folder)
from mmloc.datasets.synthetic.shapes import shape_polygons
from mmloc.datasets.synthetic.textures import TEXTURES


def test_names():
    assert len(SYNTHETIC_CLASSES) == 10
    assert len(set(SYNTHETIC_CLASSES)) == 10
    assert len(BACKGROUND_FAMILIES) >= 10
    assert len(set(BACKGROUND_FAMILIES)) == len(BACKGROUND_FAMILIES)
    assert set(shape_polygons()) == set(SYNTHETIC_CLASSES)
    # One texture per class: classes differ in shape AND texture.
    assert sorted(CLASS_TEXTURES.values()) == sorted(TEXTURES)


def test_class_folder_is_zero_padded_in_label_order():
    assert class_folder(0) == '00_disc'
    assert class_folder(9) == '09_arrow'
    folders = [class_folder(c) for c in range(len(SYNTHETIC_CLASSES))]
    # mmpretrain assigns labels by sorted folder name: the same order
    assert sorted(folders) == folders
    assert class_folder(1, ('a', 'b')) == '01_b'

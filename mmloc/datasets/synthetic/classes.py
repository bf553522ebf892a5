# Copyright (c) mmloc contributors. All rights reserved.
"""The foreground classes: each one is a (shape, texture) pair.

A class is never identified by a flat colour: every instance draws fresh
random colours for its texture, so only the silhouette and the pattern
carry the class.
"""
from typing import Dict, Tuple

#: Class names, in label order (label ``i`` is ``SYNTHETIC_CLASSES[i]``).
SYNTHETIC_CLASSES: Tuple[str, ...] = ('disc', 'square', 'triangle', 'star',
                                      'cross', 'ring', 'hexagon', 'crescent',
                                      'heart', 'arrow')

#: The texture that fills each class's shape.
CLASS_TEXTURES: Dict[str, str] = {
    'disc': 'dots',
    'square': 'checker',
    'triangle': 'hstripes',
    'star': 'rays',
    'cross': 'dstripes',
    'ring': 'rings',
    'hexagon': 'grid',
    'crescent': 'speckle',
    'heart': 'waves',
    'arrow': 'gradient',
}


def class_folder(label: int,
                 classes: Tuple[str, ...] = SYNTHETIC_CLASSES) -> str:
    """Folder name of a class, e.g. ``'00_disc'``.

    The zero-padded index makes the alphabetical folder order (which
    mmpretrain's folder scan uses to assign labels) equal the label order.
    """
    return f'{label:02d}_{classes[label]}'

# Copyright (c) mmloc contributors. All rights reserved.
"""Writers of the real datasets' on-disk layouts."""
from typing import Dict, List, Type

from ..config import FORMATS, SyntheticConfig
from .base import BaseWriter, WriteItem
from .bgc import BgChallengeWriter
from .cars import CarsWriter
from .cityscapes import CityscapesWriter
from .coco import CocoWriter
from .cub import CubWriter
from .imagenet import ImageNetWriter
from .voc import VocWriter

#: Format name -> writer class, in :data:`~..config.FORMATS` order.
WRITERS: Dict[str, Type[BaseWriter]] = {
    w.name: w
    for w in (ImageNetWriter, CocoWriter, VocWriter, CityscapesWriter,
              CubWriter, CarsWriter, BgChallengeWriter)
}
assert tuple(WRITERS) == FORMATS, 'every format needs exactly one writer'


def build_writers(cfg: SyntheticConfig) -> List[BaseWriter]:
    """The writers of ``cfg.formats``, in :data:`FORMATS` order."""
    return [WRITERS[name](cfg) for name in FORMATS if name in cfg.formats]


__all__ = [
    'BaseWriter', 'WriteItem', 'ImageNetWriter', 'CocoWriter', 'VocWriter',
    'CityscapesWriter', 'CubWriter', 'CarsWriter', 'BgChallengeWriter',
    'WRITERS', 'build_writers'
]

# Copyright (c) mmloc contributors. All rights reserved.
"""Options of a synthetic-data generation run, validated up front."""
import math
from dataclasses import dataclass, field
from typing import Dict, Optional, Sequence, Tuple, Union

from .backgrounds import BACKGROUND_FAMILIES
from .classes import SYNTHETIC_CLASSES
from .render import CLASS_CUES, DEFAULT_MIN_VISIBLE_AREA, DEFAULT_SCALE
from .sampling import SPLITS

#: Output formats, in the order they are written.
FORMATS: Tuple[str, ...] = ('imagenet', 'coco', 'voc', 'cityscapes', 'cub',
                            'cars', 'bgc')
IMG_FORMATS: Tuple[str, ...] = ('jpg', 'png')
COCO_SEGM_TYPES: Tuple[str, ...] = ('rle', 'polygon')
MIN_SIZE = 32
#: VOC's SegmentationObject PNGs are 8-bit.
MAX_OBJECTS = 255
#: Smallest allowed object radius (px): below it shapes and textures are
#: no longer recognisable.
MIN_RADIUS = 5.0


def _objects_range(value: Union[int, Sequence[int]]) -> Tuple[int, int]:
    if isinstance(value, int):
        return value, value
    value = tuple(int(v) for v in value)
    if len(value) != 2:
        raise ValueError('objects_per_image must be an int or a (min, max) '
                         f'pair, got {value!r}')
    return value


@dataclass
class SyntheticConfig:
    """What to generate and where.

    Args:
        out_dir (str): Output root; each format writes its own sub-folder.
        formats (Sequence[str]): Subset of :data:`FORMATS`.
        splits (Sequence[str]): Subset of ``('train', 'val')``.
        size (int): Image side, px (>= 32).
        num_per_class (int | dict): Images per class and split, or a
            ``{split: count}`` dict.
        seed (int): Global seed (>= 0).
        spurious (float): Probability in [0, 1] that an image of class ``c``
            has background family ``c`` (else a uniform other family).
        val_spurious (float, optional): The same for the ``val`` split.
            ``None`` (default) uses ``spurious``, so that validation data
            (and the bg-challenge ``original`` variant) follow the training
            distribution, as in the Backgrounds Challenge.
        objects_per_image (int | tuple[int, int]): Objects per image, or an
            inclusive ``(min, max)`` range.
        num_classes (int): Use the first ``num_classes`` classes (<= 10).
        img_format (str): ``'jpg'`` or ``'png'`` (lossless).
        jpeg_quality (int): JPEG quality, 1..100.
        coco_segm (str): ``'rle'`` (compressed RLE, exact) or ``'polygon'``
            (outer contours: holes are filled, so it is lossy).
        workers (int): Worker processes (1 renders in this process).
        scale (tuple[float, float]): Object radius range, fraction of the
            side, for one-object images.
        min_visible_area (int): Occluded instances with fewer visible pixels
            are dropped.
        class_cue (str): ``'shape_texture'`` (default: each class has its
            own shape and texture) or ``'shape'`` (the shape benchmark: the
            texture is drawn per instance from a pool shared by all
            classes, so only the silhouette tells the class).
        backgrounds_per_family (int): 0 (default): every image draws a
            fresh background. N > 0: each family has a pool of N
            backgrounds that all images (and splits) share, so a
            background identifies its family but not its image.
        background_contrast (float): In (0, 1]: scale of each background's
            deviations from its mean colour (1, the default: as drawn).
        overwrite (bool): Replace existing format folders instead of
            refusing to write into them.
    """
    out_dir: str = 'data/synthetic'
    formats: Sequence[str] = FORMATS
    splits: Sequence[str] = SPLITS
    size: int = 96
    num_per_class: Union[int, Dict[str, int]] = 20
    seed: int = 0
    spurious: float = 0.9
    val_spurious: Optional[float] = None
    objects_per_image: Union[int, Tuple[int, int]] = 1
    num_classes: int = len(SYNTHETIC_CLASSES)
    img_format: str = 'jpg'
    jpeg_quality: int = 95
    coco_segm: str = 'rle'
    workers: int = 1
    scale: Tuple[float, float] = DEFAULT_SCALE
    min_visible_area: int = DEFAULT_MIN_VISIBLE_AREA
    class_cue: str = 'shape_texture'
    backgrounds_per_family: int = 0
    background_contrast: float = 1.0
    overwrite: bool = False
    counts: Dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.formats = tuple(self.formats)
        self.splits = tuple(self.splits)
        self.objects_per_image = _objects_range(self.objects_per_image)
        self.scale = tuple(float(s) for s in self.scale)
        if isinstance(self.num_per_class, int):
            self.counts = {s: self.num_per_class for s in self.splits}
        else:
            self.counts = {
                s: int(self.num_per_class.get(s, 0))
                for s in self.splits
            }
        self._validate()

    def _validate(self) -> None:
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise ValueError(f'unknown output format(s) {unknown}; choose '
                             f'from {list(FORMATS)}')
        unknown = [s for s in self.splits if s not in SPLITS]
        if unknown or not self.splits:
            raise ValueError(f'unknown split(s) {unknown}; choose from '
                             f'{list(SPLITS)}')
        for name in ('spurious', 'val_spurious'):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f'{name} must be a probability in [0, 1], '
                                 f'got {value}')
        if not 1 <= self.num_classes <= len(SYNTHETIC_CLASSES):
            raise ValueError(f'num_classes must be in 1..'
                             f'{len(SYNTHETIC_CLASSES)}, got '
                             f'{self.num_classes}')
        bad = {s: n for s, n in self.counts.items() if n < 1}
        if bad:
            raise ValueError(f'num_per_class must be >= 1 for every '
                             f'requested split, got {bad}')
        if self.seed < 0:
            raise ValueError(f'seed must be >= 0, got {self.seed}')
        if self.img_format not in IMG_FORMATS:
            raise ValueError(f'img_format must be one of {IMG_FORMATS}, '
                             f'got {self.img_format!r}')
        if not 1 <= self.jpeg_quality <= 100:
            raise ValueError('jpeg_quality must be in 1..100, got '
                             f'{self.jpeg_quality}')
        if self.coco_segm not in COCO_SEGM_TYPES:
            raise ValueError(f'coco_segm must be one of {COCO_SEGM_TYPES}, '
                             f'got {self.coco_segm!r}')
        if self.class_cue not in CLASS_CUES:
            raise ValueError(f'class_cue must be one of {CLASS_CUES}, got '
                             f'{self.class_cue!r}')
        if self.backgrounds_per_family < 0:
            raise ValueError('backgrounds_per_family must be >= 0, got '
                             f'{self.backgrounds_per_family}')
        if not 0.0 < self.background_contrast <= 1.0:
            raise ValueError('background_contrast must be in (0, 1], got '
                             f'{self.background_contrast}')
        if self.workers < 1:
            raise ValueError(f'workers must be >= 1, got {self.workers}')
        lo, hi = self.objects_per_image
        if not 1 <= lo <= hi <= MAX_OBJECTS:
            raise ValueError('objects_per_image needs 1 <= min <= max <= '
                             f'{MAX_OBJECTS}, got {self.objects_per_image}')
        if 'cars' in self.formats and min(
                self.num_images(s) for s in self.splits) < 2:
            # mat4py reads a one-element struct array as scalars, which
            # mmpretrain's StanfordCars cannot index.
            raise ValueError('the cars format needs at least 2 images per '
                             'split (num_classes * num_per_class >= 2)')
        if not 0.0 < self.scale[0] <= self.scale[1] <= 0.5:
            raise ValueError('scale needs 0 < min <= max <= 0.5 (the object '
                             f'must fit in the image), got {self.scale}')
        self._validate_size()

    def _validate_size(self) -> None:
        if self.size < MIN_SIZE:
            raise ValueError(f'size {self.size} is too small: objects need '
                             f'size >= {MIN_SIZE}')
        hi = self.objects_per_image[1]
        radius = self.size * self.scale[0] / math.sqrt(hi)
        if radius < MIN_RADIUS:
            need = math.ceil(MIN_RADIUS * math.sqrt(hi) / self.scale[0])
            raise ValueError(
                f'size {self.size} is too small for up to {hi} objects per '
                f'image: the smallest object radius would be {radius:.1f} px '
                f'(< {MIN_RADIUS}); use size >= {need} or fewer objects')

    @property
    def classes(self) -> Tuple[str, ...]:
        """Names of the classes in use."""
        return SYNTHETIC_CLASSES[:self.num_classes]

    @property
    def num_families(self) -> int:
        return len(BACKGROUND_FAMILIES)

    def split_spurious(self, split: str) -> float:
        """The spurious-correlation strength of a split."""
        if split != 'train' and self.val_spurious is not None:
            return self.val_spurious
        return self.spurious

    def num_images(self, split: str) -> int:
        """Images in a split: ``num_classes * num_per_class``."""
        return self.num_classes * self.counts[split]

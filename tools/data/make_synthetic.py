# Copyright (c) mmloc contributors. All rights reserved.
"""Generate mmloc's synthetic datasets in real dataset layouts.

Example::

    python tools/data/make_synthetic.py --out-dir data/synthetic \
        --num-per-class train=100,val=20 --workers 2

writes ``imagenet/``, ``coco/``, ``VOCdevkit/``, ``cityscapes/``,
``CUB_200_2011/``, ``stanford_cars/`` and ``bg_challenge/`` under
``--out-dir`` (see :mod:`mmloc.datasets.synthetic` and its ``writers`` for
the layouts).
"""
import argparse
import os
from typing import Dict, List, Optional, Tuple, Union

from mmloc.datasets.synthetic import (FORMATS, IMG_FORMATS, SPLITS,
                                      SyntheticConfig, generate)
from mmloc.datasets.synthetic.render import CLASS_CUES, DEFAULT_SCALE


def parse_counts(text: str) -> Union[int, Dict[str, int]]:
    """``'20'`` -> 20; ``'train=100,val=20'`` -> ``{'train': 100, ...}``."""
    if '=' not in text:
        return int(text)
    counts = {}
    for part in text.split(','):
        split, _, value = part.partition('=')
        counts[split.strip()] = int(value)
    return counts


def parse_range(text: str) -> Tuple[int, int]:
    """``'2'`` -> (2, 2); ``'1-3'`` or ``'1,3'`` -> (1, 3)."""
    parts = text.replace('-', ',').split(',')
    lo, hi = int(parts[0]), int(parts[-1])
    return lo, hi


def parse_float_range(text: str) -> Tuple[float, float]:
    """``'0.15-0.4'`` or ``'0.15,0.4'`` -> (0.15, 0.4); ``'0.3'`` ->
    (0.3, 0.3)."""
    parts = text.replace('-', ',').split(',')
    return float(parts[0]), float(parts[-1])


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--out-dir',
        default='data/synthetic',
        help='output root (default: %(default)s)')
    parser.add_argument(
        '--formats',
        nargs='+',
        default=list(FORMATS),
        metavar='FMT',
        help=f'layouts to write, from {list(FORMATS)} '
        '(default: all)')
    parser.add_argument(
        '--splits',
        nargs='+',
        default=list(SPLITS),
        metavar='SPLIT',
        help='splits (default: train val)')
    parser.add_argument(
        '--size',
        type=int,
        default=96,
        help='image side in px (default: %(default)s)')
    parser.add_argument(
        '--num-per-class',
        type=parse_counts,
        default=20,
        help="images per class and split, '20' or "
        "'train=100,val=20' (default: %(default)s)")
    parser.add_argument(
        '--num-val-per-class',
        type=int,
        help='images per class in val (overrides '
        '--num-per-class for val)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument(
        '--spurious',
        type=float,
        default=0.9,
        help='P(background family == class) (default: '
        '%(default)s)')
    parser.add_argument(
        '--val-spurious',
        type=float,
        help='the same for val (default: --spurious)')
    parser.add_argument(
        '--objects-per-image',
        type=parse_range,
        default=(1, 1),
        help="objects per image, '1' or a range '1-3'")
    parser.add_argument('--num-classes', type=int, default=10)
    parser.add_argument(
        '--class-cue',
        choices=CLASS_CUES,
        default='shape_texture',
        help="what carries the class: 'shape_texture' (each class its own "
        "shape and texture) or 'shape' (the shape benchmark: textures are "
        'drawn per instance from a pool shared by all classes) (default: '
        '%(default)s)')
    parser.add_argument(
        '--backgrounds-per-family',
        type=int,
        default=0,
        help='0: a fresh background per image; N: each family draws from '
        'a pool of N shared by all images (default: %(default)s)')
    parser.add_argument(
        '--background-contrast',
        type=float,
        default=1.0,
        help='scale of the backgrounds\' deviations from their mean colour, '
        'in (0, 1] (default: %(default)s)')
    parser.add_argument(
        '--scale',
        type=parse_float_range,
        default=DEFAULT_SCALE,
        help="object radius range as a fraction of the side, e.g. "
        "'0.15-0.4' (default: 0.2-0.38)")
    parser.add_argument(
        '--img-format',
        choices=IMG_FORMATS,
        default='jpg',
        help='png is lossless (default: %(default)s)')
    parser.add_argument('--jpeg-quality', type=int, default=95)
    parser.add_argument(
        '--coco-segm',
        choices=('rle', 'polygon'),
        default='rle',
        help='COCO segmentation encoding (default: '
        '%(default)s, exact)')
    parser.add_argument(
        '--workers',
        type=int,
        default=os.cpu_count() or 1,
        help='worker processes (default: all cores)')
    parser.add_argument(
        '--overwrite',
        action='store_true',
        help='replace existing output folders')
    parser.add_argument('--no-progress', action='store_true')
    return parser.parse_args(argv)


def build_config(args: argparse.Namespace) -> SyntheticConfig:
    counts = args.num_per_class
    if args.num_val_per_class is not None:
        if isinstance(counts, int):
            counts = {split: counts for split in args.splits}
        counts = {**counts, 'val': args.num_val_per_class}
    return SyntheticConfig(
        out_dir=args.out_dir,
        formats=args.formats,
        splits=args.splits,
        size=args.size,
        num_per_class=counts,
        seed=args.seed,
        spurious=args.spurious,
        val_spurious=args.val_spurious,
        objects_per_image=args.objects_per_image,
        num_classes=args.num_classes,
        class_cue=args.class_cue,
        backgrounds_per_family=args.backgrounds_per_family,
        background_contrast=args.background_contrast,
        scale=args.scale,
        img_format=args.img_format,
        jpeg_quality=args.jpeg_quality,
        coco_segm=args.coco_segm,
        workers=args.workers,
        overwrite=args.overwrite)


def main(argv: Optional[List[str]] = None) -> None:
    args = parse_args(argv)
    try:
        cfg = build_config(args)
    except ValueError as e:
        raise SystemExit(f'make_synthetic.py: error: {e}')
    report = generate(cfg, progress=not args.no_progress)
    print(f'{report.num_images} images x {len(cfg.formats)} formats in '
          f'{report.seconds:.1f} s: {report.images_per_s:.0f} images/s '
          f'({cfg.workers} workers) -> {cfg.out_dir}')


if __name__ == '__main__':
    main()

# Copyright (c) mmloc contributors. All rights reserved.
"""Offline FH segment masks as PNGs of ids (8-bit; 16-bit past 256
segments) mirroring ``--in-dir``.

Example::

    python tools/data/gen_fh_masks.py --in-dir data/imagenet/train \
        --out-dir data/imagenet/fh_masks/train --workers 2

At ImageNet scale, ``--downscale 0.5`` segments each image at half its side
(parameters scaled to match, ids upsampled nearest-neighbour); first check
what it changes on a sample of your images, writing nothing::

    python tools/data/gen_fh_masks.py --in-dir data/imagenet/train \
        --downscale 0.5 --evaluate 50
"""
import argparse
import random
import sys
from functools import partial

import cv2

from mmloc.datasets.image_files import BadImageError, read_image
from mmloc.datasets.priors import fh_file, list_images, run_offline
from mmloc.evaluation import fh_agreement


def evaluate(a: argparse.Namespace) -> int:
    """Print the agreement and speed of ``--downscale`` against full
    resolution on ``--evaluate`` images drawn from ``--in-dir``."""
    files = list_images(a.in_dir)
    if not files:
        print(f'{a.in_dir}: no images', file=sys.stderr)
        return 1
    files = random.Random(0).sample(files, min(a.evaluate, len(files)))
    images = []
    for path in files:
        try:
            bgr = read_image(path)
        except BadImageError as e:
            print(e, file=sys.stderr)
            return 1
        images.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    r = fh_agreement(
        images, a.downscale, scale=a.scale, sigma=a.sigma, min_size=a.min_size)
    grids = ', '.join(f'{k} grid {v:.3f}' for k, v in r.miou.items()
                      if k != 'full')
    print(f'{r.images} images of {a.in_dir}: downscale {a.downscale} '
          f'{1 / r.reduced_s:.2f} img/s vs full resolution '
          f'{1 / r.full_s:.2f} img/s ({r.speedup:.2f}x, one process)\n'
          f'agreement with full resolution (best-match mIoU): pixels '
          f'{r.miou["full"]:.3f}, {grids}\n'
          f'segments per image: {r.segments[1]:.1f} vs {r.segments[0]:.1f}')
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--in-dir', required=True)
    p.add_argument('--out-dir', help='required unless --evaluate')
    p.add_argument('--scale', type=float, default=1000)
    p.add_argument('--sigma', type=float, default=0.8)
    p.add_argument('--min-size', type=int, default=1000)
    p.add_argument(
        '--downscale',
        type=float,
        default=1.0,
        help='segment at this fraction of the side, in (0, 1] '
        '(1: full resolution, as the reference)')
    p.add_argument(
        '--evaluate',
        type=int,
        metavar='N',
        help='compare --downscale with full resolution on N '
        'images of --in-dir and print it; writes nothing')
    p.add_argument('--workers', type=int, default=1)
    a = p.parse_args(argv)
    if not 0 < a.downscale <= 1:
        p.error(f'--downscale must be in (0, 1], got {a.downscale}')
    if a.evaluate:
        return evaluate(a)
    if not a.out_dir:
        p.error('--out-dir is required (or --evaluate N)')
    fn = partial(
        fh_file,
        scale=a.scale,
        sigma=a.sigma,
        min_size=a.min_size,
        downscale=a.downscale)
    stats = run_offline(fn, a.in_dir, a.out_dir, a.workers, desc='fh')
    return 1 if stats.failed else 0


if __name__ == '__main__':
    sys.exit(main())

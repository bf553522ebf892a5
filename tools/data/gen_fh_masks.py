# Copyright (c) mmloc contributors. All rights reserved.
"""Offline FH segment masks as 16-bit PNGs mirroring ``--in-dir``.

Example::

    python tools/data/gen_fh_masks.py --in-dir data/imagenet/train \
        --out-dir data/imagenet/fh_masks/train --workers 2
"""
import argparse
import sys
from functools import partial

from mmloc.datasets.priors import fh_file, run_offline


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--in-dir', required=True)
    p.add_argument('--out-dir', required=True)
    p.add_argument('--scale', type=float, default=1000)
    p.add_argument('--sigma', type=float, default=0.8)
    p.add_argument('--min-size', type=int, default=1000)
    p.add_argument('--workers', type=int, default=1)
    a = p.parse_args()
    fn = partial(fh_file, scale=a.scale, sigma=a.sigma, min_size=a.min_size)
    stats = run_offline(fn, a.in_dir, a.out_dir, a.workers, desc='fh')
    return 1 if stats.failed else 0


if __name__ == '__main__':
    sys.exit(main())

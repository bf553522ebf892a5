# Copyright (c) mmloc contributors. All rights reserved.
"""Degrade ground-truth masks into priors of graded, measured quality.

``--level`` is a fraction of each image's shorter side (a dilation /
erosion radius, or the boundary-noise displacement). Outputs mirror
``--in-dir``; finished files are kept (use one ``--out-dir`` per mode and
level). Prints the measured agreement with the truth and writes it as JSON
(``--summary``, default ``{out_dir}/degrade_summary.json``).

Examples::

    python tools/data/degrade_priors.py \
        --in-dir data/x/gt_masks/train \
        --out-dir data/x/priors/dilate0.05/train --mode dilate --level 0.05 \
        --output saliency --workers 2      # for LoadSaliencyMap (CAST)
    python tools/data/degrade_priors.py --in-dir data/x/gt_masks/train \
        --out-dir data/x/priors/noise0.02/train --mode boundary_noise \
        --level 0.02 --output ids          # for LoadSegments (DetCon)
"""
import argparse
import json
import os.path as osp
import sys
from typing import List, Optional

from mmloc.datasets.priors.degrade import MODES, OUTPUTS, degrade_tree
from mmloc.utils.fileio import atomic_write


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--in-dir', required=True, help='id masks, e.g. gt_masks')
    p.add_argument('--out-dir', required=True)
    p.add_argument('--mode', choices=MODES, required=True)
    p.add_argument('--level', type=float, required=True,
                   help='fraction of the shorter image side, >= 0')
    p.add_argument('--output', choices=OUTPUTS, default='ids',
                   help='ids: id PNGs (LoadSegments); saliency: 0/255 maps '
                   '(LoadSaliencyMap)')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--workers', type=int, default=1)
    p.add_argument('--overwrite', action='store_true',
                   help='rewrite existing outputs instead of keeping them')
    p.add_argument('--summary', help='JSON path (default: '
                   '{out_dir}/degrade_summary.json)')
    a = p.parse_args(argv)
    try:
        s = degrade_tree(a.in_dir, a.out_dir, a.mode, a.level, seed=a.seed,
                         output=a.output, workers=a.workers,
                         overwrite=a.overwrite)
    except ValueError as e:
        print(f'{p.prog}: error: {e}', file=sys.stderr)
        return 1
    summary = a.summary or osp.join(a.out_dir, 'degrade_summary.json')
    atomic_write(json.dumps(s, indent=2) + '\n', summary)
    resumed = f' ({s["skipped"]} kept from before)' if s['skipped'] else ''
    print(f'{a.mode} level {a.level:g}: {s["files"]} files{resumed}, '
          f'foreground IoU vs truth {s["foreground_iou"]:.2f}, '
          f'best-match mIoU {s["best_match_miou"]:.2f}, '
          f'{s["vanished"]} objects vanished')
    return 0


if __name__ == '__main__':
    sys.exit(main())

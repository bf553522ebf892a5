# Copyright (c) mmloc contributors. All rights reserved.
"""Offline saliency maps (uint8 PNG, image size) mirroring ``--in-dir``.

Examples::

    python tools/data/gen_saliency.py --in-dir IMG --out-dir SAL \
        --method spectral_residual --workers 2
    python tools/data/gen_saliency.py --in-dir IMG --out-dir SAL \
        --import-dir DEEPUSPS_PNGS          # adopt external maps
    python tools/data/gen_saliency.py --in-dir IMG --out-dir SAL \
        --import-dir GT_MASKS --foreground-masks   # oracle: GT foreground
    python tools/data/gen_saliency.py ... --evaluate GT_DIR   # IoU@128
"""
import argparse
import sys
from functools import partial

from mmloc.datasets.priors import run_offline
from mmloc.datasets.priors.saliency import (METHODS, import_file, mean_iou,
                                            saliency_file)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--in-dir', required=True)
    p.add_argument('--out-dir', required=True)
    p.add_argument('--method', choices=METHODS, default='spectral_residual')
    p.add_argument('--import-dir', help='adopt maps mirroring --in-dir')
    p.add_argument('--foreground-masks', action='store_true',
                   help='--import-dir holds id / 0-1 masks (e.g. ground '
                   'truth): their foreground becomes a 0/255 map')
    p.add_argument('--evaluate', metavar='GT_DIR',
                   help='print mean IoU@128 of --out-dir vs GT masks')
    p.add_argument('--workers', type=int, default=1)
    a = p.parse_args()
    if a.foreground_masks and not a.import_dir:
        p.error('--foreground-masks goes with --import-dir')
    if a.import_dir:
        fn = partial(import_file, map_dir=a.import_dir, in_dir=a.in_dir,
                     foreground=a.foreground_masks)
    else:
        fn = partial(saliency_file, method=a.method)
    stats = run_offline(fn, a.in_dir, a.out_dir, a.workers, desc='saliency')
    if a.evaluate:
        r = mean_iou(a.out_dir, a.evaluate)
        name = 'import' if a.import_dir else a.method
        print(f'| method | n | mIoU@128 |\n|---|---|---|\n'
              f'| {name} | {r["n"]} | {r["miou"]:.3f} |')
    return 1 if stats.failed else 0


if __name__ == '__main__':
    sys.exit(main())

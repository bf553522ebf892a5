# Copyright (c) mmloc contributors. All rights reserved.
"""Reduced-resolution FH masks against full resolution, in one run.

On procedural images (objects on textured backgrounds) of 480 x 640 and
224 x 224, for each ``--downscale``: images/s of full-resolution and
reduced FH (one process, the two interleaved image by image), the speed-up,
and the agreement with the full-resolution masks -- best-match mIoU over
pixels and over DetCon's 7 x 7 and 14 x 14 majority-vote grids (what
DetCon's sampled masks depend on). For scale, the same agreement of the
full-resolution masks of the image after a JPEG q95 re-encode: FH's own
sensitivity to an invisible change. Goal (issue 19): >= 5x with agreement
>= 0.9 at the default setting.

Example::

    python tools/benchmarks/bench_fh.py --images 12 --downscale 0.5 0.4
"""
import argparse
from typing import List, Tuple

import cv2
import numpy as np

from mmloc.datasets.priors import best_match_miou, fh_segments
from mmloc.datasets.synthetic.render import render_sample
from mmloc.evaluation import fh_agreement, grid_ids
from mmloc.utils.machine import machine_line

GRIDS = ((7, 7), (14, 14))


def make_images(n: int, size: Tuple[int, int]) -> List[np.ndarray]:
    """``n`` procedural RGB images of ``size`` (h, w), one object each."""
    rng = np.random.default_rng(0)
    return [
        render_sample(rng, size, [i % 10], family=i % 11).img for i in range(n)
    ]


def jpeg_floor(images: List[np.ndarray]) -> Tuple[float, ...]:
    """Mean agreement (pixels, then each grid) of FH on an image and on its
    JPEG q95 re-encode."""
    rows = []
    for img in images:
        ok, buf = cv2.imencode('.jpg', img, [cv2.IMWRITE_JPEG_QUALITY, 95])
        again = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
        a, b = fh_segments(img), fh_segments(again)
        rows.append(
            [best_match_miou(b, a)] +
            [best_match_miou(grid_ids(b, g), grid_ids(a, g)) for g in GRIDS])
    return tuple(np.mean(rows, axis=0))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--images', type=int, default=12)
    p.add_argument('--downscale', type=float, nargs='+', default=[0.5])
    p.add_argument(
        '--sizes', nargs='+', default=['480x640', '224x224'], help='HxW')
    a = p.parse_args(argv)
    print(machine_line())
    print('| image | FH | img/s | speed-up | agreement: pixels | 7x7 grid | '
          '14x14 grid | segments / image |')
    print('| --- | --- | --- | --- | --- | --- | --- | --- |')
    for size in a.sizes:
        h, w = (int(v) for v in size.split('x'))
        images = make_images(a.images, (h, w))
        for i, factor in enumerate(a.downscale):
            r = fh_agreement(images, factor, GRIDS)
            grid = ' | '.join(f'{r.miou[f"{gh}x{gw}"]:.3f}'
                              for gh, gw in GRIDS)
            if i == 0:  # (timed again beside each factor, for its ratio)
                print(f'| {size} | full resolution | {1 / r.full_s:.2f} | '
                      f'1x | 1 | 1 | 1 | {r.segments[0]:.1f} |')
            print(f'| {size} | downscale {factor} | {1 / r.reduced_s:.2f} '
                  f'| {r.speedup:.2f}x | {r.miou["full"]:.3f} | {grid} | '
                  f'{r.segments[1]:.1f} |')
        floor = ' | '.join(f'{v:.3f}' for v in jpeg_floor(images))
        print(f'| {size} | full resolution after JPEG q95 | | | {floor} | |')


if __name__ == '__main__':
    main()

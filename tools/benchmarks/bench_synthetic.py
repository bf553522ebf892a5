# Copyright (c) mmloc contributors. All rights reserved.
"""Throughput of the synthetic-data generator, in images/s.

Measures rendering alone (one process) and a full generation run (render
+ encode + write every requested format, with workers) into a temporary
folder under ``--out-root``, and prints the figures with the machine they
were taken on::

    python tools/benchmarks/bench_synthetic.py --size 96 --workers 2
    python tools/benchmarks/bench_synthetic.py --out-root /dev/shm

A run writes ~13 small files per image, so on slow disks file creation,
not rendering, sets the pace: compare with a RAM disk (``/dev/shm``).
"""
import argparse
import os
import tempfile
import time

from mmloc.datasets.synthetic import (FORMATS, SyntheticConfig, draw_sample,
                                      generate)
from mmloc.utils.machine import machine_line


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--size', type=int, default=96)
    parser.add_argument('--workers', type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        '--num-per-class',
        type=int,
        default=100,
        help='images per class and split (default: '
        '%(default)s, i.e. 2000 images)')
    parser.add_argument('--formats', nargs='+', default=list(FORMATS))
    parser.add_argument('--img-format', default='jpg')
    parser.add_argument('--objects-per-image', type=int, default=1)
    parser.add_argument(
        '--out-root',
        default=tempfile.gettempdir(),
        help='where the temporary output goes (default: '
        '%(default)s)')
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(
            prefix='bench_synthetic_', dir=args.out_root) as tmp:
        cfg = SyntheticConfig(
            out_dir=tmp,
            formats=args.formats,
            size=args.size,
            num_per_class=args.num_per_class,
            img_format=args.img_format,
            objects_per_image=args.objects_per_image,
            workers=args.workers)
        draw_sample(cfg, 'train', 0)  # load the natural images first
        n_render = 500
        start = time.perf_counter()
        for i in range(n_render):
            draw_sample(cfg, 'train', i % cfg.num_images('train'))
        render_ips = n_render / (time.perf_counter() - start)
        report = generate(cfg, progress=False)
    print(machine_line())
    print(f'render only (1 process, {args.size} px): '
          f'{render_ips:.0f} images/s')
    print(f'generate ({args.workers} workers, {args.size} px, '
          f'{args.img_format}, formats {" ".join(cfg.formats)}, '
          f'into {args.out_root}): '
          f'{report.num_images} images in {report.seconds:.2f} s = '
          f'{report.images_per_s:.0f} images/s')


if __name__ == '__main__':
    main()

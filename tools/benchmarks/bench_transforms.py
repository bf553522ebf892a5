# Copyright (c) mmloc contributors. All rights reserved.
"""Cost of the prior transforms against mmpretrain's RandomResizedCrop.

On the same procedural 480 x 640 images (objects on textured backgrounds,
their ground-truth foreground as the saliency map), in one run:

- ``SaliencyConstrainedCrop`` per view vs mmpretrain ``RandomResizedCrop``
  (goal <= 1.3x);
- ``SaliencySwap`` (2 views) vs two ``RandomResizedCrop`` views
  (goal <= 2x);
- FH segment generation (``scale=1000, min_size=1000``) on the images
  resized to 224 px short side, images/s with 1 and ``--workers`` processes
  (goal >= 20/s on 2 cores).

Example::

    python tools/benchmarks/bench_transforms.py --workers 2
"""
import argparse
import time
from multiprocessing import Pool
from typing import Callable, List

import cv2
import numpy as np
from mmpretrain.datasets.transforms import RandomResizedCrop

from mmloc.datasets.priors import fh_segments
from mmloc.datasets.synthetic.render import render_sample
from mmloc.datasets.transforms import SaliencyConstrainedCrop, SaliencySwap
from mmloc.utils.machine import machine_line


def make_images(n: int, seed: int = 0) -> List[dict]:
    """``n`` results dicts with a 480 x 640 BGR ``img`` and ``saliency``."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        s = render_sample(rng, (480, 640), [i % 10], family=i % 11)
        out.append(dict(img=np.ascontiguousarray(s.img[..., ::-1]),
                        saliency=(s.fg_mask > 0).astype(np.uint8) * 255,
                        sample_idx=i))
    return out


def views_per_s(fn: Callable[[dict], object], images: List[dict],
                views: int, iters: int, repeats: int = 3) -> float:
    """Best-of-``repeats`` throughput in views/s over ``iters`` calls."""
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(iters):
            fn(dict(images[i % len(images)]))
        best = max(best, iters * views / (time.perf_counter() - start))
    return best


def fh_224(img: np.ndarray) -> int:
    return int(fh_segments(img).max()) + 1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--images', type=int, default=32)
    p.add_argument('--iters', type=int, default=500)
    p.add_argument('--fh-images', type=int, default=96)
    p.add_argument('--workers', type=int, default=2)
    a = p.parse_args()
    np.random.seed(0)
    images = make_images(a.images)
    rrc = RandomResizedCrop(scale=224, crop_ratio_range=(0.2, 1.0))
    scc = SaliencyConstrainedCrop(scale=224)
    swap = SaliencySwap(scale=224)

    def swapped(res: dict) -> None:
        j = res['sample_idx']
        res['mix_results'] = [images[(j + 1) % len(images)],
                              images[(j + 2) % len(images)]]
        swap(res)

    base = views_per_s(rrc, images, 1, a.iters)
    crop = views_per_s(scc, images, 1, a.iters)
    sw = views_per_s(swapped, images, 2, a.iters // 2)
    print(machine_line())
    print(f'inputs 480x640 -> 224x224, {a.iters} views, best of 3')
    print(f'RandomResizedCrop (mmpretrain): {base:7.0f} views/s')
    print(f'SaliencyConstrainedCrop:        {crop:7.0f} views/s  '
          f'cost ratio {base / crop:.2f}x (goal <= 1.3x)')
    print(f'SaliencySwap (2 views):         {sw:7.0f} views/s  '
          f'cost ratio {base / sw:.2f}x (goal <= 2x)')
    print(f'  fallbacks: {dict(scc.fallback_counts)} '
          f'{dict(swap.fallback_counts)}')

    small = [cv2.resize(r['img'], (299, 224), interpolation=cv2.INTER_AREA)
             for r in images]
    small = [small[i % len(small)][..., ::-1].copy()
             for i in range(a.fh_images)]
    start = time.perf_counter()
    for img in small[:a.fh_images // 4]:
        fh_224(img)
    one = (a.fh_images // 4) / (time.perf_counter() - start)
    with Pool(a.workers) as pool:
        pool.map(fh_224, small[:a.workers])  # start-up outside the timing
        start = time.perf_counter()
        pool.map(fh_224, small, chunksize=4)
        many = a.fh_images / (time.perf_counter() - start)
    print(f'FH segments 224x299 (scale 1000, min_size 1000): {one:.1f} '
          f'img/s 1 process, {many:.1f} img/s {a.workers} processes '
          f'(goal >= 20/s on 2 cores)')


if __name__ == '__main__':
    main()

# Copyright (c) mmloc contributors. All rights reserved.
"""Cost of the prior transforms against mmpretrain's RandomResizedCrop.

On the same procedural 480 x 640 images (objects on textured backgrounds,
their ground-truth foreground as the saliency map), in one run:

- ``SaliencyConstrainedCrop`` per view vs mmpretrain ``RandomResizedCrop``
  (goal <= 1.3x);
- ``SaliencySwap`` (2 views) vs two ``RandomResizedCrop`` views
  (goal <= 2x);
- FH segment generation (scikit-image, ``scale=1000, min_size=1000``) on
  the images at 224 x 224 and 299 x 224, images/s with 1 and ``--workers``
  processes (goal >= 20/s on 2 cores at 224 px).

Example::

    python tools/benchmarks/bench_transforms.py --workers 2
"""
import argparse
import time
from multiprocessing import Pool
from typing import Callable, Dict, List, Tuple

import cv2
import numpy as np
from mmpretrain.datasets.transforms import RandomResizedCrop

from mmloc.datasets.priors import fh_segments
from mmloc.datasets.synthetic.render import render_sample
from mmloc.datasets.transforms import RandomResizedCrop as MapRandomResizedCrop
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


def views_per_s(fns: Dict[str, Tuple[Callable[[dict], object], int]],
                images: List[dict], iters: int,
                rounds: int = 5) -> Dict[str, float]:
    """Best-of-``rounds`` throughput (views/s) of each ``name: (fn, views
    per call)``; the rounds interleave the functions, so a change of machine
    load affects all of them alike."""
    best = dict.fromkeys(fns, 0.0)
    for _ in range(rounds):
        for name, (fn, views) in fns.items():
            calls = max(iters // views, 1)
            start = time.perf_counter()
            for i in range(calls):
                fn(dict(images[i % len(images)]))
            rate = calls * views / (time.perf_counter() - start)
            best[name] = max(best[name], rate)
    return best


def fh_count(img: np.ndarray) -> int:
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
    # mmloc's RandomResizedCrop moves the saliency map with the image: the
    # part of SaliencyConstrainedCrop's cost that any map-carrying crop pays
    rrc_sal = MapRandomResizedCrop(scale=224, crop_ratio_range=(0.2, 1.0))
    scc = SaliencyConstrainedCrop(scale=224)
    swap = SaliencySwap(scale=224)

    def swapped(res: dict) -> None:
        j = res['sample_idx']
        res['mix_results'] = [images[(j + 1) % len(images)],
                              images[(j + 2) % len(images)]]
        swap(res)

    rate = views_per_s(
        dict(rrc=(rrc, 1), rrc_sal=(rrc_sal, 1), scc=(scc, 1),
             swap=(swapped, 2)), images, a.iters)
    print(machine_line())
    print(f'inputs 480x640 -> 224x224, {a.iters} views, best of 5 '
          'interleaved rounds')
    print(f'RandomResizedCrop (mmpretrain): {rate["rrc"]:7.0f} views/s')
    print(f'RandomResizedCrop + saliency:   {rate["rrc_sal"]:7.0f} views/s  '
          f'cost ratio {rate["rrc"] / rate["rrc_sal"]:.2f}x (mmloc, moves '
          'the map too)')
    print(f'SaliencyConstrainedCrop:        {rate["scc"]:7.0f} views/s  '
          f'cost ratio {rate["rrc"] / rate["scc"]:.2f}x (goal <= 1.3x); '
          f'{rate["rrc_sal"] / rate["scc"]:.2f}x the map-carrying crop')
    print(f'SaliencySwap (2 views):         {rate["swap"]:7.0f} views/s  '
          f'cost ratio {rate["rrc"] / rate["swap"]:.2f}x (goal <= 2x)')
    print(f'  fallbacks: {dict(scc.fallback_counts)} '
          f'{dict(swap.fallback_counts)}')

    for size in ((224, 224), (299, 224)):
        one, many = fh_rates(images, size, a.fh_images, a.workers)
        print(f'FH segments {size[0]}x{size[1]} (scale 1000, min_size 1000): '
              f'{one:.1f} img/s 1 process, {many:.1f} img/s {a.workers} '
              'processes (goal >= 20/s on 2 cores at 224 px)')


def fh_rates(images: List[dict], size: Tuple[int, int], n: int,
             workers: int) -> Tuple[float, float]:
    """FH images/s on ``n`` RGB images of ``size`` (w, h), centre-cropped to
    its aspect ratio then resized: in this process and with ``workers``."""
    small = []
    for i in range(n):
        img = images[i % len(images)]['img']
        h, w = img.shape[:2]
        cw = min(w, int(h * size[0] / size[1]))
        x = (w - cw) // 2
        small.append(cv2.resize(img[:, x:x + cw], size,
                                interpolation=cv2.INTER_AREA)[..., ::-1]
                     .copy())
    start = time.perf_counter()
    for img in small[:n // 4]:
        fh_count(img)
    one = (n // 4) / (time.perf_counter() - start)
    with Pool(workers) as pool:
        pool.map(fh_count, small[:workers])  # start-up outside the timing
        start = time.perf_counter()
        pool.map(fh_count, small, chunksize=4)
        many = n / (time.perf_counter() - start)
    return one, many

if __name__ == '__main__':
    main()

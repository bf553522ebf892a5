# Copyright (c) mmloc contributors. All rights reserved.
"""Shared driver for offline per-image prior generators (FH masks, saliency).

Walks an image folder, mirrors it under an output folder with ``.png``
outputs, skips outputs that already exist (resumable), runs a
``multiprocessing.Pool`` with a tqdm bar and counts done/skipped/failed.
"""
import os
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from tqdm import tqdm

IMG_EXTS = ('.jpg', '.jpeg', '.png', '.bmp', '.webp')


@dataclass
class RunStats:
    """Counts of one generator run; ``failed`` holds (file, error) pairs."""
    done: int = 0
    skipped: int = 0
    failed: List[Tuple[str, str]] = field(default_factory=list)


def list_images(in_dir: str) -> List[Path]:
    """All image files under ``in_dir``, sorted (relative order is stable)."""
    root = Path(in_dir)
    return sorted(p for p in root.rglob('*')
                  if p.is_file() and p.suffix.lower() in IMG_EXTS)


def output_path(img: Path, in_dir: str, out_dir: str) -> Path:
    """Mirror ``img``'s path under ``out_dir`` with a ``.png`` extension."""
    return Path(out_dir) / img.relative_to(in_dir).with_suffix('.png')


def _call(args: Tuple[Callable, Path, Path]) -> Tuple[str, Optional[str]]:
    fn, src, dst = args
    try:
        fn(src, dst)
        return str(src), None
    except Exception as e:  # one bad image must not kill the whole run
        return str(src), f'{type(e).__name__}: {e}'


def run_offline(fn: Callable[[Path, Path], None], in_dir: str, out_dir: str,
                workers: int = 1, desc: str = 'priors') -> RunStats:
    """Apply ``fn(src, dst)`` to every image whose output is missing.

    ``fn`` must be picklable (module-level or ``functools.partial``) and
    write ``dst`` atomically, so an interrupted run never leaves a partial
    file that a resumed run would skip.
    """
    stats = RunStats()
    jobs = []
    for img in list_images(in_dir):
        dst = output_path(img, in_dir, out_dir)
        if dst.exists():
            stats.skipped += 1
        else:
            jobs.append((fn, img, dst))
    it = map(_call, jobs) if workers <= 1 else None
    pool = Pool(workers) if workers > 1 else None
    try:
        if pool is not None:
            it = pool.imap_unordered(_call, jobs, chunksize=4)
        for src, err in tqdm(it, total=len(jobs), desc=desc):
            if err is None:
                stats.done += 1
            else:
                stats.failed.append((src, err))
                tqdm.write(f'FAILED {src}: {err}')
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    print(f'{desc}: done={stats.done} skipped={stats.skipped} '
          f'failed={len(stats.failed)}')
    return stats

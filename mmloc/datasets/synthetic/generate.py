# Copyright (c) mmloc contributors. All rights reserved.
"""Render every sample once and hand it to all requested writers."""
import multiprocessing as mp
import time
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple

import cv2
from tqdm import tqdm

from .config import SyntheticConfig
from .natural import preload_natural_images
from .sampling import draw_sample
from .writers import BaseWriter, WriteItem, build_writers

Job = Tuple[str, int]
Result = Tuple[str, Dict[str, Any]]


@dataclass
class GenerationReport:
    """What a run produced.

    Attributes:
        num_images (int): Samples rendered (over all splits); each one is
            written once per requested format.
        seconds (float): Wall time of rendering and writing.
    """
    num_images: int
    seconds: float

    @property
    def images_per_s(self) -> float:
        return self.num_images / max(self.seconds, 1e-9)


class _SampleJob:
    """Renders one sample and runs every writer on it (per process)."""

    def __init__(self, cfg: SyntheticConfig) -> None:
        self.cfg = cfg
        self.writers = build_writers(cfg)

    def __call__(self, job: Job) -> Result:
        split, index = job
        item = WriteItem(self.cfg, split, index,
                         draw_sample(self.cfg, split, index))
        return split, {w.name: w.write(item) for w in self.writers}


_WORKER_JOB: Optional[_SampleJob] = None


def _init_worker(cfg: SyntheticConfig) -> None:
    global _WORKER_JOB
    _WORKER_JOB = _SampleJob(cfg)


def _run_in_worker(job: Job) -> Result:
    return _WORKER_JOB(job)


def _pool_context() -> mp.context.BaseContext:
    # fork shares the decoded source images and skips re-imports; spawn is
    # the fallback where fork does not exist.
    methods = mp.get_all_start_methods()
    return mp.get_context('fork' if 'fork' in methods else 'spawn')


def list_jobs(cfg: SyntheticConfig) -> List[Job]:
    """All ``(split, index)`` pairs of a run, in writing order."""
    return [(split, index) for split in cfg.splits
            for index in range(cfg.num_images(split))]


def _collect(results: Iterable[Result], writers: List[BaseWriter], total: int,
             progress: bool) -> Dict[str, Dict[str, List[Any]]]:
    records = {w.name: {s: [] for s in w.splits} for w in writers}
    bar = tqdm(
        results,
        total=total,
        disable=not progress,
        unit='img',
        desc='synthetic',
        dynamic_ncols=True)
    for split, by_writer in bar:
        for name, record in by_writer.items():
            if record is not None:
                records[name][split].append(record)
    return records


def generate(cfg: SyntheticConfig, progress: bool = True) -> GenerationReport:
    """Generate the datasets described by ``cfg``.

    Samples are rendered in ``cfg.workers`` processes (in this one if 1) in
    chunks; results come back in job order, so annotation files do not
    depend on the worker count. Annotation files are written at the end,
    each atomically.

    Args:
        cfg (SyntheticConfig): What to generate and where.
        progress (bool): Show a progress bar on stderr.

    Returns:
        GenerationReport: Counts and timing.
    """
    writers = build_writers(cfg)
    for writer in writers:
        writer.prepare()
    jobs = list_jobs(cfg)
    start = time.perf_counter()
    if cfg.workers == 1:
        records = _collect(
            map(_SampleJob(cfg), jobs), writers, len(jobs), progress)
    else:
        preload_natural_images()
        chunksize = max(1, min(32, len(jobs) // (cfg.workers * 8)))
        # OpenCV's thread pool does not survive fork: a child that resizes
        # the inherited pool hangs. Fork while OpenCV is single-threaded, so
        # the workers (the parallelism here) inherit that, then restore.
        cv_threads = cv2.getNumThreads()
        cv2.setNumThreads(0)
        try:
            with _pool_context().Pool(cfg.workers, _init_worker,
                                      (cfg, )) as pool:
                cv2.setNumThreads(cv_threads)
                records = _collect(
                    pool.imap(_run_in_worker, jobs, chunksize), writers,
                    len(jobs), progress)
        finally:
            cv2.setNumThreads(cv_threads)
    for writer in writers:
        writer.finalize(records[writer.name])
    return GenerationReport(len(jobs), time.perf_counter() - start)

# Copyright (c) mmloc contributors. All rights reserved.
"""The prior-quality sweep: how good each arm's localization prior is, and
a figure of each method's effect against that quality.

A prior is scored against the true object masks of the same images:

- a saliency map (CAST, CVSA) by the IoU of its salient region (``> 128``,
  the threshold CAST's crops use) with the true foreground;
- a segment map (DetCon) by the best-match mIoU of the true segments,
  background included (:func:`mmloc.datasets.priors.best_match_miou`).
"""
import glob
import json
import os
import os.path as osp
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import cv2
import numpy as np
from mmengine.logging import print_log

from mmloc.datasets.priors import best_match_miou, mask_iou
from mmloc.datasets.transforms.saliency_crop import SALIENT_THRESHOLD
from mmloc.utils import atomic_write
from .benchmarks import Benchmark
from .table import Runs, paired

KINDS = ('saliency', 'segments')


def _read(path: str) -> np.ndarray:
    img = cv2.imread(path, cv2.IMREAD_UNCHANGED)
    if img is None or img.ndim != 2:
        raise ValueError(f'{path}: not a single-channel PNG prior')
    return img


def prior_quality(prior_dir: str,
                  truth_dir: str,
                  kind: str,
                  max_files: Optional[int] = 500) -> float:
    """Mean agreement (0..1) of the priors under ``prior_dir`` with the true
    masks at the same relative paths under ``truth_dir``.

    Args:
        prior_dir (str): Saliency maps (8-bit, 0..255) or segment id PNGs,
            mirroring ``truth_dir``.
        truth_dir (str): True id masks (0 = background).
        kind (str): ``'saliency'`` (foreground IoU of the salient region)
            or ``'segments'`` (best-match mIoU).
        max_files (int, optional): Score an evenly spaced sample of this
            many files (None: all).

    Returns:
        float: The mean score.
    """
    if kind not in KINDS:
        raise ValueError(f'kind must be one of {KINDS}, got {kind!r}')
    truths = sorted(glob.glob(osp.join(truth_dir, '**', '*.png'),
                              recursive=True))
    if not truths:
        raise FileNotFoundError(f'{truth_dir}: no true masks (*.png)')
    if max_files and len(truths) > max_files:
        truths = [truths[i] for i in
                  np.linspace(0, len(truths) - 1, max_files).astype(int)]
    scores = []
    for truth in truths:
        path = osp.join(prior_dir, osp.relpath(truth, truth_dir))
        if not osp.exists(path):
            raise FileNotFoundError(f'{path}: no prior for {truth}')
        prior, true = _read(path), _read(truth)
        if kind == 'saliency':
            scores.append(mask_iou(prior > SALIENT_THRESHOLD, true > 0))
        else:
            scores.append(best_match_miou(prior, true))
    return float(np.mean(scores))


#: Sweep figure panels: (read-out key, axis label).
EFFECTS: Tuple[Tuple[str, str], ...] = (
    ('acc_mixed_rand', 'Δ linear mixed_rand (pts)'),
    ('bg_gap', 'Δ BG-gap (pts, lower is better)'),
    ('cam_iou', 'Δ Grad-CAM IoU (pts)'),
)


def sweep_points(rows: Runs, sweep: Mapping[str, Sequence[str]],
                 baselines: Mapping[str, str], quality: Mapping[str, float],
                 key: str) -> Dict[str, List[tuple]]:
    """Per method, ``(prior quality, mean paired effect, CI half-width,
    arm)`` of each of its sweep arms that has runs and a measured prior."""
    points: Dict[str, List[tuple]] = {}
    for method, arms in sweep.items():
        for arm in arms:
            if arm not in quality or arm not in baselines:
                continue
            diff = paired(rows, arm, baselines[arm], key)
            if diff is not None:
                points.setdefault(method, []).append(
                    (quality[arm], diff.mean, diff.half_width, arm))
    return points


def sweep_figure(rows: Runs, sweep: Mapping[str, Sequence[str]],
                 baselines: Mapping[str, str], quality: Mapping[str, float],
                 path: str) -> None:
    """Effect (paired difference to the baseline, 95 % CI bars) on each
    read-out of :data:`EFFECTS` against the prior's measured quality, one
    line per method; written to ``path`` (PNG)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(EFFECTS), figsize=(4 * len(EFFECTS), 3.4))
    for ax, (key, label) in zip(axes, EFFECTS):
        for method, pts in sweep_points(rows, sweep, baselines, quality,
                                        key).items():
            pts = sorted(pts)
            x, y, err = (np.array([p[i] for p in pts]) for i in range(3))
            ax.errorbar(x, y, yerr=np.nan_to_num(err), marker='o',
                        capsize=3, label=method)
        ax.axhline(0, color='grey', lw=0.8)
        ax.set_xlabel('prior quality (IoU / mIoU with the truth)')
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle('Effect vs prior quality (paired with the baseline, '
                 'mean ± 95 % CI over seeds)', fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def measured_priors(bench: Benchmark, arms: Sequence[str],
                    work_dir: str) -> Dict[str, float]:
    """The quality of each sweep arm's prior (``prior_quality`` on the
    train split), cached in ``work_dir/prior_quality.json``."""
    cache = osp.join(work_dir, 'prior_quality.json')
    quality = {}
    if osp.exists(cache):
        with open(cache) as f:
            quality = json.load(f)
    root = bench.prior_root
    for arm in arms:
        if arm in bench.prior_dirs and arm not in quality:
            prior, truth, kind = bench.prior_dirs[arm]
            quality[arm] = prior_quality(osp.join(root, prior, 'train'),
                                         osp.join(root, truth, 'train'), kind)
            print_log(f'{arm}: prior quality {quality[arm]:.3f} ({kind})',
                      logger='current')
    os.makedirs(work_dir, exist_ok=True)
    atomic_write(json.dumps(quality, indent=2), cache)
    return quality

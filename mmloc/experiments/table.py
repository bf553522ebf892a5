# Copyright (c) mmloc contributors. All rights reserved.
"""The evidence experiment's tables: per-arm means with 95 % t intervals,
and each method's paired difference to its baseline (same seeds).

A run is one ``results.json`` (a dict with at least ``arm``, ``seed`` and
``epochs``, plus the read-outs it measured) in ``{work_dir}/{arm}/seed*/``.
"""
import json
import os
import os.path as osp
import re
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from mmloc.evaluation.functional import (Interval, paired_difference,
                                         t_interval)
from mmloc.utils import atomic_write

#: Read-outs in table order: ``(results.json key, column name)``.
COLUMNS: Tuple[Tuple[str, str], ...] = (
    ('acc_original', 'linear, original'),
    ('acc_mixed_rand', 'linear, mixed_rand'),
    ('knn_mixed_rand', 'kNN, mixed_rand'),
    ('bg_gap', 'BG-gap'),
    ('cam_iou', 'Grad-CAM IoU'),
    ('pointing', 'pointing game'),
    ('fcn_miou', 'FCN mIoU'),
    ('det_bbox_map', 'Mask R-CNN box AP'),
)
#: Read-outs where lower is better (the background decides less).
LOWER_IS_BETTER = frozenset({'bg_gap'})

Runs = Dict[str, List[dict]]


def collect(work_dir: str, arms: Sequence[str]) -> Runs:
    """The finished runs of ``arms`` under ``work_dir``, by arm, in seed
    order (arms without runs are left out)."""
    rows: Runs = {}
    for arm in arms:
        arm_dir = osp.join(work_dir, arm)
        if not osp.isdir(arm_dir):
            continue
        runs = []
        for seed_dir in os.listdir(arm_dir):
            path = osp.join(arm_dir, seed_dir, 'results.json')
            if osp.exists(path):
                with open(path) as f:
                    runs.append(json.load(f))
        if runs:
            rows[arm] = sorted(runs, key=lambda r: r['seed'])
    return rows


def _present(rows: Runs) -> List[Tuple[str, str]]:
    return [(key, name) for key, name in COLUMNS
            if any(key in r for runs in rows.values() for r in runs)]


def format_interval(iv: Interval, signed: bool = False) -> str:
    """``'12.3 ± 1.4'`` (``'12.3'`` for one value)."""
    mean = f'{iv.mean:+.1f}' if signed else f'{iv.mean:.1f}'
    return mean if iv.n < 2 else f'{mean} ± {iv.half_width:.1f}'


def markdown_table(rows: Runs, labels: Mapping[str, str]) -> str:
    """One row per arm: mean ± 95 % t half-width over its seeds, for the
    read-outs some run measured; a read-out measured on fewer seeds than
    the arm has says so, ``(n=1)``."""
    columns = _present(rows)
    lines = [
        '| arm | seeds | ' + ' | '.join(c[1] for c in columns) + ' |',
        '|' + ' --- |' * (len(columns) + 2)
    ]
    for arm, runs in rows.items():
        cells = []
        for key, _ in columns:
            values = [r[key] for r in runs if r.get(key) is not None]
            if not values:
                cells.append('-')
                continue
            more = f' (n={len(values)})' if len(values) < len(runs) else ''
            cells.append(format_interval(t_interval(values)) + more)
        lines.append(f'| {labels.get(arm, arm)} | {len(runs)} | ' +
                     ' | '.join(cells) + ' |')
    return '\n'.join(lines)


def paired(rows: Runs, arm: str, baseline: str,
           key: str) -> Optional[Interval]:
    """Paired difference ``arm - baseline`` of read-out ``key`` over the
    seeds both measured; None without a common seed."""
    base = {r['seed']: r.get(key) for r in rows.get(baseline, [])}
    pairs = [(r[key], base[r['seed']]) for r in rows.get(arm, [])
             if r.get(key) is not None and base.get(r['seed']) is not None]
    if not pairs:
        return None
    return paired_difference([p[0] for p in pairs], [p[1] for p in pairs])


def difference_table(rows: Runs, baselines: Mapping[str, str],
                     labels: Mapping[str, str]) -> str:
    """Each method against its baseline on the same seeds: the mean paired
    difference ± its 95 % t half-width per read-out, and the read-outs
    whose interval excludes 0 (a paired t-test at 5 %), with the
    direction: ``better`` / ``worse`` (for the BG-gap lower is better)."""
    columns = _present(rows)
    lines = [
        '| method | baseline | ' + ' | '.join(f'Δ {c[1]}' for c in columns)
        + ' | significant (95 %) |',
        '|' + ' --- |' * (len(columns) + 3)
    ]
    for arm, baseline in baselines.items():
        if arm not in rows or baseline not in rows:
            continue
        cells, significant = [], []
        for key, name in columns:
            diff = paired(rows, arm, baseline, key)
            cells.append('-' if diff is None else
                         format_interval(diff, signed=True))
            if diff is not None and diff.excludes_zero:
                better = (diff.mean < 0) == (key in LOWER_IS_BETTER)
                significant.append(
                    f'{name} {"better" if better else "worse"}')
        lines.append(f'| {labels.get(arm, arm)} | '
                     f'{labels.get(baseline, baseline)} | ' +
                     ' | '.join(cells) + ' | ' +
                     ('; '.join(significant) or 'none') + ' |')
    return '\n'.join(lines)


def write_readme(readme: str, text: str, start: str, end: str) -> None:
    """Replace what lies between the ``start`` and ``end`` markers of
    ``readme`` by ``text`` (atomically)."""
    with open(readme) as f:
        content = f.read()
    pattern = re.compile(re.escape(start) + '.*?' + re.escape(end), re.S)
    if not pattern.search(content):
        raise ValueError(f'{readme}: no {start} ... {end} markers to write '
                         'the table between')
    block = f'{start}\n{text}\n{end}'
    atomic_write(pattern.sub(lambda _: block, content), readme)

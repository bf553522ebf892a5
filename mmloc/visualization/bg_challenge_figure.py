# Copyright (c) mmloc contributors. All rights reserved.
"""The Backgrounds Challenge prediction grid (CAST supplement, Fig. S4):
the same objects on every background variant, each panel titled with the
models' predictions in green (right) or red (wrong). Used by
``tools/analysis/backgrounds_challenge.py``."""
import os
import os.path as osp
import re
import textwrap
from typing import Dict, List, Sequence, Tuple

import numpy as np

#: One sample: (variant, image path relative to ``{variant}/{split}``).
Key = Tuple[str, str]
#: A class index per sample.
PerSample = Dict[Key, int]


def pick_objects(keys: Sequence[Key], gt: PerSample, variants: Sequence[str],
                 num: int) -> List[str]:
    """Up to ``num`` objects shown in every variant, spread over classes.

    Objects (relative paths) are taken round-robin over the classes, each
    class's in sorted order, so the choice is deterministic.
    """
    per_variant = [{k[1] for k in keys if k[0] == v} for v in variants]
    common = sorted(set.intersection(*per_variant))
    by_class: Dict[int, List[str]] = {}
    for rel in common:
        by_class.setdefault(gt[(variants[0], rel)], []).append(rel)
    picked: List[str] = []
    queues = [by_class[c] for c in sorted(by_class)]
    while len(picked) < num and any(queues):
        for queue in queues:
            if queue and len(picked) < num:
                picked.append(queue.pop(0))
    return picked


def _label(name: str) -> str:
    """``'00_disc'`` -> ``'disc'``: the folder's index prefix is noise."""
    return re.sub(r'^\d+_', '', name)


def draw_figure(path: str, root: str, split: str, variants: Sequence[str],
                objects: Sequence[str], classes: Sequence[str], gt: PerSample,
                preds: Sequence[PerSample], names: Sequence[str],
                legend: str) -> None:
    """Rows = objects, columns = variants; titles = predictions.

    Args:
        preds: Per model the predicted class of each sample.
        names: Per model its name, prefixed to its prediction lines.
        legend: Says what each model is (a line each), shown as the
            title, long lines wrapped.
    """
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from PIL import Image

    rows, cols, lines = len(objects), len(variants), len(preds)
    # Laid out in inches: tight_layout ignores the text drawn above the
    # panels (prediction lines, variant names) and the legend.
    panel, gap, left = 1.6, 0.2, 0.4
    width = left + cols * panel + (cols - 1) * gap + 0.1
    # ~13 characters per inch at 8 pt: wrapped, or the title is clipped
    legend = '\n'.join(
        textwrap.fill(line, width=int(13 * width))
        for line in legend.split('\n'))
    legend_h = 0.14 * (legend.count('\n') + 1) + 0.1
    title_h = (0.02 + 0.11 * lines) * panel + 0.05  # prediction lines
    names_h = 0.25  # the variant names over the first row
    height = (legend_h + names_h + rows * (panel + title_h) +
              (rows - 1) * gap + 0.1)
    fig, axes = plt.subplots(
        rows, cols, squeeze=False, figsize=(width, height))
    fig.subplots_adjust(
        left=left / width,
        right=1 - 0.1 / width,
        top=1 - (legend_h + names_h + title_h) / height,
        bottom=0.1 / height,
        wspace=gap / panel,
        hspace=(title_h + gap) / panel)
    for r, rel in enumerate(objects):
        for c, variant in enumerate(variants):
            ax = axes[r, c]
            key = (variant, rel)
            with Image.open(osp.join(root, variant, split, rel)) as img:
                ax.imshow(np.asarray(img.convert('RGB')))
            ax.set_xticks([])
            ax.set_yticks([])
            # one line per model, A on top; colour = right / wrong
            for m, model_preds in enumerate(preds):
                ok = model_preds[key] == gt[key]
                ax.text(
                    0.5,
                    1.02 + 0.11 * (lines - 1 - m),
                    f'{names[m]}: {_label(classes[model_preds[key]])}',
                    transform=ax.transAxes,
                    ha='center',
                    va='bottom',
                    fontsize=8,
                    color='tab:green' if ok else 'tab:red')
            if r == 0:
                ax.text(
                    0.5,
                    1.04 + 0.11 * lines,
                    variant,
                    transform=ax.transAxes,
                    ha='center',
                    va='bottom',
                    fontsize=9,
                    fontweight='bold')
            if c == 0:
                ax.set_ylabel(_label(classes[gt[key]]), fontsize=9)
    fig.suptitle(legend, fontsize=8, y=1 - 0.05 / height, va='top')
    out_dir = osp.dirname(osp.abspath(path))
    os.makedirs(out_dir, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)

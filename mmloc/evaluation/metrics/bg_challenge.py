# Copyright (c) mmloc contributors. All rights reserved.
"""The Backgrounds Challenge scores (Xiao et al., "Noise or Signal: The Role
of Image Backgrounds in Object Recognition", ICLR 2021).

A classifier of the benchmark's classes is run over every variant folder of
the same foreground objects (``original``, ``only_fg``, ``no_fg``,
``mixed_same``, ``mixed_rand``; the real release adds e.g. ``mixed_next``,
``only_bg_b``, ``only_bg_t``). Reported, in percent:

- top-1 accuracy on each variant;
- ``bg_gap = acc(mixed_same) - acc(mixed_rand)``: how much accuracy hinges
  on the background agreeing with the class (the object is the same in
  both variants; only the background's class correlation differs).

Each sample's variant is read from its image path: the ``{variant}`` folder
of ``{root}/{variant}/val/{class}/{image}`` (the benchmark's layout, also the
one of ``mmloc.datasets.synthetic.writers.bgc``). So a plain mmpretrain
``test_dataloader`` concatenating the variant folders (``ConcatDataset`` of
``CustomDataset`` s) feeds :class:`BackgroundsChallengeMetric` directly.

A variant with no samples is *absent*: it gets no accuracy (never 0), and
``bg_gap`` is only defined when both mixed variants are present.
"""
import re
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from mmloc.datasets.synthetic.bg_challenge import BGC_VARIANTS
from mmloc.registry import METRICS

Labels = Union[Sequence[int], np.ndarray, torch.Tensor]

#: Variants whose difference is the BG-gap (Xiao et al., Sec. 3).
MIXED_SAME, MIXED_RAND = 'mixed_same', 'mixed_rand'


def variant_of_path(path: str, variants: Sequence[str] = BGC_VARIANTS) -> str:
    """The Backgrounds Challenge variant a sample's image path names.

    The variant is the folder closest to the file whose name is one of
    ``variants`` (closest, so that a data root which happens to contain a
    variant name higher up does not shadow the real one).

    Args:
        path (str): Image path, e.g. ``'bg/mixed_rand/val/00_dog/x.JPEG'``.
        variants (Sequence[str]): The variant folder names.

    Returns:
        str: The variant, e.g. ``'mixed_rand'``.

    Raises:
        ValueError: Naming the path, when no folder of it is a variant.
    """
    folders = re.split(r'[\\/]', str(path))[:-1]
    for folder in reversed(folders):
        if folder in variants:
            return folder
    raise ValueError(
        f'{path}: no folder of this image path names a Backgrounds '
        f'Challenge variant (one of {", ".join(variants)}); expected '
        '{root}/{variant}/val/{class}/{image}. Pass the extra variants '
        '(e.g. mixed_next) with `variants=`.')


def _as_labels(x: Labels, name: str) -> np.ndarray:
    """``x`` as a 1-D int64 array, or a clear error naming ``name``."""
    arr = x.detach().cpu().numpy() if isinstance(x, torch.Tensor) \
        else np.asarray(x)
    if arr.ndim != 1:
        raise ValueError(f'{name} must be (N,) class indices, got shape '
                         f'{arr.shape}')
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f'{name} must hold integer class indices, got '
                         f'dtype {arr.dtype}')
    return arr.astype(np.int64)


def bg_challenge_summary(pred: Labels,
                         gt: Labels,
                         variants: Sequence[str],
                         expected: Sequence[str] = BGC_VARIANTS) -> dict:
    """Per-variant top-1 accuracy and BG-gap of one classifier.

    Args:
        pred (Sequence[int] | np.ndarray | Tensor): ``(N,)`` predicted class
            indices.
        gt (Sequence[int] | np.ndarray | Tensor): ``(N,)`` true classes.
        variants (Sequence[str]): ``(N,)`` variant of each sample.
        expected (Sequence[str]): Variants the benchmark should have; the
            ones without samples are listed in ``missing``. Defaults to the
            five of the synthetic layout.

    Returns:
        dict: ``accuracy``: variant -> top-1 in percent, for the variants
        that have samples (the ``expected`` order first, others sorted after
        them); ``num_samples``: variant -> N; ``missing``: the ``expected``
        variants without samples; ``bg_gap``: ``accuracy['mixed_same'] -
        accuracy['mixed_rand']`` in points, or None unless both are present.

    Example:
        >>> out = bg_challenge_summary(
        ...     [0, 1, 1, 0], [0, 1, 0, 0],
        ...     ['mixed_same'] * 2 + ['mixed_rand'] * 2)
        >>> out['accuracy'], out['bg_gap']
        ({'mixed_same': 100.0, 'mixed_rand': 50.0}, 50.0)
        >>> out['missing']
        ['original', 'only_fg', 'no_fg']
    """
    pred, gt = _as_labels(pred, 'pred'), _as_labels(gt, 'gt')
    names = np.asarray([str(v) for v in variants], dtype=object)
    if not len(pred) == len(gt) == len(names):
        raise ValueError('pred, gt and variants must have one entry per '
                         f'sample, got {len(pred)}, {len(gt)} and '
                         f'{len(names)}')
    present = set(names.tolist())
    extra = sorted(present - set(expected))
    order = [v for v in expected if v in present] + extra
    accuracy: Dict[str, float] = {}
    counts: Dict[str, int] = {}
    for variant in order:
        sel = names == variant
        counts[variant] = int(sel.sum())
        hits = int((pred[sel] == gt[sel]).sum())
        # 100 * hits / n, not mean() * 100: 7 of 50 gives 14.0, not 14.000..2
        accuracy[variant] = 100.0 * hits / counts[variant]
    gap: Optional[float] = None
    if MIXED_SAME in accuracy and MIXED_RAND in accuracy:
        gap = accuracy[MIXED_SAME] - accuracy[MIXED_RAND]
    return dict(
        accuracy=accuracy,
        num_samples=counts,
        missing=[v for v in expected if v not in present],
        bg_gap=gap)


def _field(sample: dict, key: str, path: str) -> torch.Tensor:
    """``sample[key]`` as a tensor, or an error naming the sample."""
    value = sample.get(key)
    if value is None:
        raise KeyError(f'{path}: BackgroundsChallengeMetric needs {key!r} '
                       'in every data sample (a classifier\'s test_step '
                       'output with its gt_label)')
    return torch.as_tensor(value)


@METRICS.register_module()
class BackgroundsChallengeMetric(BaseMetric):
    """Backgrounds Challenge accuracies and BG-gap (see the module doc).

    Results are keyed ``{prefix}/{variant}`` (top-1 in percent) and
    ``{prefix}/bg_gap`` (points); absent variants have no key and are
    named in a warning.

    Args:
        variants (Sequence[str]): Variant folder names to expect. A sample
            whose path names none of them is an error. Defaults to the five
            of the synthetic layout; add e.g. ``'mixed_next'`` for the full
            real release.
        collect_device (str): 'cpu' or 'gpu', for distributed collection.
        prefix (str, optional): Key prefix. Defaults to 'bg_challenge'.
        collect_dir (str, optional): Collection folder for ``cpu`` mode.
    """
    default_prefix = 'bg_challenge'

    def __init__(self,
                 variants: Sequence[str] = BGC_VARIANTS,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None) -> None:
        super().__init__(
            collect_device=collect_device,
            prefix=prefix,
            collect_dir=collect_dir)
        if isinstance(variants, str) or not variants:
            raise ValueError('variants must be a non-empty sequence of '
                             f'folder names, got {variants!r}')
        self.variants = tuple(variants)

    def _check_num_classes(self, scores: Optional[torch.Tensor],
                           path: str) -> None:
        """A classifier of other classes than the test set's is an error:
        its indices mean other things (e.g. ImageNet-1k vs IN-9)."""
        classes = (self.dataset_meta or {}).get('classes')
        if scores is None or classes is None:
            return
        if scores.numel() != len(classes):
            raise ValueError(
                f'{path}: the classifier scores {scores.numel()} classes but '
                f'the test set has {len(classes)} ({", ".join(classes[:3])}'
                ', ...). The Backgrounds Challenge is labelled with its own '
                'classes (IN-9 for the real benchmark): evaluate a '
                'classifier trained on them (e.g. an IN-9 linear probe); '
                'mapping ImageNet-1k predictions onto IN-9 is not '
                'implemented.')

    def process(self, data_batch: object, data_samples: Sequence) -> None:
        """Keep each sample's predicted and true class and its variant.

        Args:
            data_batch: Unused.
            data_samples (Sequence): Classifier outputs (``DataSample`` or
                its ``to_dict()``) with ``img_path``, ``gt_label`` (1,),
                ``pred_label`` (1,) or ``pred_score`` (C,).
        """
        for sample in data_samples:
            if hasattr(sample, 'to_dict'):
                sample = sample.to_dict()
            path = sample.get('img_path')
            if path is None:
                raise KeyError('BackgroundsChallengeMetric needs the '
                               '`img_path` of every sample (PackInputs keeps '
                               'it by default) to tell the variants apart')
            variant = variant_of_path(path, self.variants)
            scores = sample.get('pred_score')
            scores = None if scores is None else torch.as_tensor(scores)
            self._check_num_classes(scores, path)
            if sample.get('pred_label') is not None:
                pred = _field(sample, 'pred_label', path)
            else:
                pred = _field(sample, 'pred_score', path).argmax(-1)
            gt = _field(sample, 'gt_label', path)
            self.results.append(
                dict(
                    pred=int(pred.reshape(-1)[0]),
                    gt=int(gt.reshape(-1)[0]),
                    variant=variant))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Accuracies per present variant and the BG-gap (if defined)."""
        summary = bg_challenge_summary([r['pred'] for r in results],
                                       [r['gt'] for r in results],
                                       [r['variant'] for r in results],
                                       expected=self.variants)
        if summary['missing']:
            MMLogger.get_current_instance().warning(
                'Backgrounds Challenge: no samples of '
                f'{", ".join(summary["missing"])}; no accuracy is reported '
                'for them' + ('' if summary['bg_gap'] is not None else
                              ', nor the BG-gap (it needs mixed_same and '
                              'mixed_rand)'))
        metrics = dict(summary['accuracy'])
        if summary['bg_gap'] is not None:
            metrics['bg_gap'] = summary['bg_gap']
        return metrics

# Copyright (c) mmloc contributors. All rights reserved.
"""Grounding of Grad-CAM maps in ground-truth foreground masks (METHODS §4).

Per sample, the map (any grid, values in ``[0, 1]``) is resized to the mask
(bilinear, ``align_corners=False``) and scored two ways:

- IoU of the thresholded map (``cam > thr``) with the foreground;
- pointing game (Zhang et al. 2016): a hit when the map's maximum lies
  within ``tolerance`` pixels (Euclidean, in mask pixels) of a foreground
  pixel. The standard uses 15 px at 224 px; 0 (the maximum must lie on
  the object) suits small images. Ties go to the first maximum in raster
  order.

Samples whose mask has no foreground cannot be scored: they are skipped and
counted. Both scores are reported in percent, the OpenMMLab convention for
accuracies (mmpretrain's ``Accuracy``, mmseg's ``IoUMetric``).
"""
import math
from typing import Dict, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.evaluator import BaseMetric

from mmloc.registry import METRICS

Array = Union[torch.Tensor, np.ndarray]


def grounding_scores(cams: torch.Tensor,
                     gt_fg: Array,
                     thr: float = 0.5,
                     tolerance: float = 0
                     ) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Per-sample IoU, pointing hit and validity of maps vs masks.

    Args:
        cams (Tensor): ``(N, h, w)`` maps in ``[0, 1]``.
        gt_fg (Tensor | np.ndarray): ``(N, H, W)`` foreground, bool or
            integer (foreground where non-zero, e.g. instance ids).
        thr (float): The map is foreground where ``> thr``.
        tolerance (float): Pointing-game radius in mask pixels.

    Returns:
        tuple: ``iou`` (N,) float in ``[0, 1]``, ``hit`` (N,) bool and
        ``valid`` (N,) bool (the mask has foreground; ``iou`` and ``hit`` of
        invalid samples are 0 / False and must be ignored).
    """
    fg = torch.as_tensor(gt_fg, device=cams.device).bool()
    if cams.dim() != 3 or fg.dim() != 3 or len(cams) != len(fg):
        raise ValueError('cams must be (N, h, w) and gt_fg (N, H, W), got '
                         f'{tuple(cams.shape)} and {tuple(fg.shape)}')
    height, width = fg.shape[1:]
    cam = F.interpolate(
        cams[:, None].float(), (height, width),
        mode='bilinear',
        align_corners=False)[:, 0]
    pred = cam > thr
    inter = (pred & fg).flatten(1).sum(1)
    union = (pred | fg).flatten(1).sum(1)
    iou = inter.float() / union.clamp(min=1).float()

    peak = cam.flatten(1).argmax(dim=1)
    py, px = peak // width, peak % width
    ys = torch.arange(height, device=fg.device)[None, :, None]
    xs = torch.arange(width, device=fg.device)[None, None, :]
    dist2 = (ys - py[:, None, None])**2 + (xs - px[:, None, None])**2
    hit = (fg & (dist2 <= tolerance**2)).flatten(1).any(dim=1)
    return iou, hit, fg.flatten(1).any(dim=1)


def summarize_grounding(iou: torch.Tensor, hit: torch.Tensor,
                        valid: torch.Tensor) -> Dict[str, float]:
    """Means over the valid samples of :func:`grounding_scores`' output.

    Returns:
        dict: ``miou`` and ``pointing_acc`` in percent (NaN when no sample is
        valid) and ``num_skipped`` (samples with an empty mask).
    """
    valid = valid.bool()
    if not valid.any():
        miou = acc = math.nan
    else:
        miou = iou[valid].float().mean().item() * 100
        acc = hit[valid].float().mean().item() * 100
    return dict(miou=miou, pointing_acc=acc, num_skipped=int((~valid).sum()))


def evaluate_grounding(cams: torch.Tensor,
                       gt_fg: Array,
                       thr: float = 0.5,
                       tolerance: float = 0) -> Dict[str, float]:
    """Mean IoU and pointing accuracy of Grad-CAM maps (see module doc).

    Args:
        cams (Tensor): ``(N, h, w)`` maps in ``[0, 1]``.
        gt_fg (Tensor | np.ndarray): ``(N, H, W)`` foreground masks.
        thr (float): Map threshold of the IoU. Defaults to 0.5.
        tolerance (float): Pointing-game radius in mask pixels.
            Defaults to 0.

    Returns:
        dict: ``{'miou': %, 'pointing_acc': %, 'num_skipped': int}``.

    Example:
        >>> cams = torch.tensor([[[0., 1.], [0., 0.]]])
        >>> fg = torch.tensor([[[0, 1], [0, 1]]])
        >>> evaluate_grounding(cams, fg)  # IoU 1/2, max on the object
        {'miou': 50.0, 'pointing_acc': 100.0, 'num_skipped': 0}
    """
    return summarize_grounding(*grounding_scores(cams, gt_fg, thr, tolerance))


def _field(sample: object, key: str) -> Array:
    """``sample[key]`` of a dict or a ``DataSample``, or a clear error."""
    value = sample.get(key) if hasattr(sample, 'get') else None
    if value is None:
        raise KeyError(f'GradCAMGrounding needs {key!r} in every data '
                       f'sample; got a {type(sample).__name__} without it')
    return value


@METRICS.register_module()
class GradCAMGrounding(BaseMetric):
    """Grounding of Grad-CAM maps: mean IoU and pointing game (percent).

    Each data sample (a dict, or a ``DataSample``) carries:

    - ``cam``: ``(h, w)`` tensor in ``[0, 1]``, e.g. from
      :func:`mmloc.evaluation.grounding.ssl_cam` or ``cls_cam``;
    - ``gt_fg``: ``(H, W)`` bool / integer ground-truth foreground (e.g.
      instance ids > 0 loaded by ``LoadSegments(source='file')``).

    Scores are those of :func:`evaluate_grounding`; metric names are
    ``grounding/miou``, ``grounding/pointing_acc`` (percent) and
    ``grounding/num_skipped`` (samples with an empty mask, not scored).

    Args:
        thr (float): Map threshold of the IoU. Defaults to 0.5.
        tolerance (float): Pointing-game radius in mask pixels; the standard
            is 15 px at 224 px. Defaults to 0.
        collect_device (str): ``'cpu'`` or ``'gpu'``.
        prefix (str, optional): Metric name prefix; defaults to
            ``'grounding'``.
        collect_dir (str, optional): Folder for collecting results on CPU.

    Example:
        >>> val_evaluator = dict(type='GradCAMGrounding', tolerance=15)
    """
    default_prefix: Optional[str] = 'grounding'

    def __init__(self,
                 thr: float = 0.5,
                 tolerance: float = 0,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None) -> None:
        super().__init__(collect_device, prefix, collect_dir)
        if tolerance < 0:
            raise ValueError(f'tolerance must be >= 0, got {tolerance}')
        self.thr = thr
        self.tolerance = tolerance

    def process(self, data_batch: object,
                data_samples: Sequence[object]) -> None:
        """Score each sample's ``cam`` against its ``gt_fg``."""
        for sample in data_samples:
            cam = torch.as_tensor(_field(sample, 'cam'))
            iou, hit, valid = grounding_scores(cam[None],
                                               _field(sample, 'gt_fg')[None],
                                               self.thr, self.tolerance)
            self.results.append(
                dict(
                    iou=iou.item(),
                    hit=bool(hit.item()),
                    valid=bool(valid.item())))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """``miou`` and ``pointing_acc`` (percent), ``num_skipped``."""
        return summarize_grounding(
            torch.tensor([r['iou'] for r in results], dtype=torch.float),
            torch.tensor([r['hit'] for r in results], dtype=torch.bool),
            torch.tensor([r['valid'] for r in results], dtype=torch.bool))

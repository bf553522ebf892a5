# Copyright (c) mmloc contributors. All rights reserved.
"""``MultiView`` that keeps each view's prior maps and crop record."""
import copy
from typing import List, Union

from mmengine.registry import DefaultScope
from mmpretrain.datasets.transforms import MultiView as MMPretrainMultiView

from mmloc.registry import TRANSFORMS
from .fallbacks import FALLBACK_KEY, merge_view_fallbacks
from .saliency_crop import PAIR_KEY

# per-view outputs collected into lists, in view order
VIEW_KEYS = ('img', 'saliency', 'segments', 'crop_bbox', 'flip',
             'flip_direction', 'img_shape')


@TRANSFORMS.register_module()
class MultiView(MMPretrainMultiView):
    """mmpretrain's ``MultiView`` that also returns per-view priors.

    mmpretrain's wrapper keeps only ``img`` from each view; this one collects
    every key of :data:`VIEW_KEYS` that the views produce into a list (view
    order), so ``saliency`` / ``segments`` / ``crop_bbox`` of view ``i``
    stay aligned with ``img[i]``. Fallbacks counted inside the views are
    totalled once (see :func:`merge_view_fallbacks`).

    Args:
        transforms (list[list]): one pipeline per group of views.
        num_views (int | list[int]): views per pipeline.
        pairing (str): ``'ref'`` — views are drawn independently (CAST's
            default); ``'all'`` — the crop box of the first view is passed
            to the later views as ``results['pair_crop_bbox']``, which
            :class:`SaliencyConstrainedCrop` then also has to cover (CAST's
            ``--crop all``).

    Example:
        >>> view = [dict(type='SaliencyConstrainedCrop', scale=224),
        ...         dict(type='RandomFlip', prob=0.5)]
        >>> dict(type='MultiView', num_views=2, transforms=[view],
        ...      pairing='all')
    """

    def __init__(self, transforms: List[list], num_views: Union[int,
                                                                List[int]],
                 pairing: str = 'ref') -> None:
        # build in the mmloc scope, whatever the current default scope is:
        # the views get the prior-aware RandomFlip / RandomResizedCrop, and
        # mmpretrain's / mmcv's transforms stay reachable as its parents
        with DefaultScope.overwrite_default_scope('mmloc'):
            views = [[TRANSFORMS.build(t) if isinstance(t, dict) else t
                      for t in view] for view in transforms]
        super().__init__(views, num_views)
        if pairing not in ('ref', 'all'):
            raise ValueError(f"pairing must be 'ref' or 'all', got "
                             f'{pairing!r}')
        self.pairing = pairing

    def transform(self, results: dict) -> dict:
        views = []
        for trans in self.transforms:
            inputs = copy.deepcopy(results)
            if self.pairing == 'all' and views:
                if 'crop_bbox' not in views[0]:
                    raise KeyError(
                        "MultiView(pairing='all') needs a first view that "
                        'records crop_bbox (SaliencyConstrainedCrop or '
                        "mmloc's RandomResizedCrop)")
                inputs[PAIR_KEY] = views[0]['crop_bbox']
            views.append(trans(inputs))
        return collect_views(results, views)

    def __repr__(self) -> str:
        return super().__repr__()[:-1] + f', pairing={self.pairing!r})'


def collect_views(results: dict, views: List[dict]) -> dict:
    """Put the :data:`VIEW_KEYS` of each view dict into lists on
    ``results`` and total the views' fallbacks. Keys must be produced by
    all views or none."""
    for key in VIEW_KEYS:
        present = [key in v for v in views]
        if any(present) and not all(present):
            raise KeyError(f'{key!r} is produced by some views only: give '
                           'every view pipeline the same prior transforms')
        if all(present):
            results[key] = [v[key] for v in views]
    fallbacks = merge_view_fallbacks(results.get(FALLBACK_KEY, {}), views)
    if fallbacks:
        results[FALLBACK_KEY] = fallbacks
    return results

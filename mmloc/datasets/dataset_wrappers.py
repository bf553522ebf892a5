# Copyright (c) mmloc contributors. All rights reserved.
"""mmdet's multi-image dataset wrapper in the mmloc registry."""
from typing import Optional, Sequence, Set, Union

from mmdet.datasets import MultiImageMixDataset as MMDetMultiImageMixDataset
from mmengine.dataset import BaseDataset
from mmengine.registry import DefaultScope, Registry

from mmloc.registry import DATASETS


def _ancestor_scopes(registry: Registry) -> Set[str]:
    scopes = set()
    while registry.parent is not None:
        registry = registry.parent
        scopes.add(registry.scope)
    return scopes


@DATASETS.register_module()
class MultiImageMixDataset(MMDetMultiImageMixDataset):
    """mmdet's ``MultiImageMixDataset``, building its parts in mmloc's scope.

    The wrapper feeds multi-image transforms such as :class:`SaliencySwap`:
    for each sample it calls the transform's ``get_indexes(dataset)``,
    loads those samples with the inner dataset's pipeline and passes them
    as ``results['mix_results']``. Arguments and behaviour are mmdet's.

    Why a subclass: mmdet's wrapper builds ``dataset`` and ``pipeline`` with
    mmdet's registries, which resolve names in the *current default scope*.
    Under ``default_scope='mmloc'`` that already finds mmloc's transforms
    and, through mmloc's parent registries, mmpretrain's ``CustomDataset``;
    but with no default scope (or an ancestor one, ``'mmpretrain'`` /
    ``'mmengine'``, e.g. when the class is instantiated directly) it looks
    in mmdet's registry only and fails on ``SaliencySwap``. This class
    builds in the ``'mmloc'`` scope in those cases -- a superset of what
    they resolve -- and leaves any other scope (e.g. ``'mmdet'``) alone.

    Example:
        >>> train_dataloader = dict(dataset=dict(
        ...     type='MultiImageMixDataset',
        ...     dataset=dict(type='CustomDataset', data_root='data/cub',
        ...                  data_prefix='images', with_label=False,
        ...                  pipeline=[dict(type='LoadImageFromFile'),
        ...                            dict(type='LoadSaliencyMap',
        ...                                 map_root='data/cub/saliency',
        ...                                 img_root='data/cub/images')]),
        ...     pipeline=[dict(type='SaliencySwap', scale=224),
        ...               dict(type='PackLocInputs')]))
    """

    def __init__(self,
                 dataset: Union[BaseDataset, dict],
                 pipeline: Sequence[dict],
                 skip_type_keys: Optional[Sequence[str]] = None,
                 max_refetch: int = 15,
                 lazy_init: bool = False) -> None:
        current = DefaultScope.get_current_instance()
        scope = None if current is None else current.scope_name
        if scope is None or scope in _ancestor_scopes(DATASETS):
            scope = 'mmloc'
        with DefaultScope.overwrite_default_scope(scope):
            super().__init__(dataset, pipeline, skip_type_keys, max_refetch,
                             lazy_init)

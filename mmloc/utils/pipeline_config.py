# Copyright (c) mmloc contributors. All rights reserved.
"""Derive a config's pipeline from its base's instead of restating it.

mmengine's ``_base_`` merge replaces a list wholesale, so a config that only
changes a crop size or a blur range of a base pipeline used to restate the
whole pipeline, and the copies drifted.  An old-style config can read its
base's values as ``_base_.name`` and call a function it imports after its
``_base_`` line, so a derived pipeline is one call::

    _base_ = ['../_base_/datasets/imagenet_bs32_byol.py']
    from mmloc.utils.pipeline_config import update_transforms

    train_pipeline = update_transforms(
        _base_.train_pipeline,
        RandomResizedCrop=dict(scale=96),
        GaussianBlur=dict(magnitude_range=(0.1, 1.0)))

mmengine drops imported functions and modules from the parsed config, so
the dumped config holds only the resolved pipeline.  The rule for when to
use this is in ``configs/README.md``.

:func:`loading_dataset` goes the other way, for tools that draw their own
views (``tools/analysis/vis_gradcam.py``, ``tools/visualization/
browse_views.py``): a config's innermost train dataset with its loading
transforms only.
"""
import copy
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set

__all__ = [
    'update_transforms', 'replace_transforms', 'drop_transforms',
    'innermost_dataset', 'loading_dataset'
]


def _walk(node: Any, visit, seen: Set[str]) -> Any:
    """Copy ``node``, passing every transform dict through ``visit``.

    A transform dict is a mapping with a ``type``; its list values
    (``transforms`` of MultiView / RandomApply, which can be a list of
    per-view lists) are walked too.
    """
    if isinstance(node, Mapping):
        out = {
            key: _walk(value, visit, seen)
            if isinstance(value, (list, tuple)) else copy.deepcopy(value)
            for key, value in node.items()
        }
        if 'type' in out:
            seen.add(out['type'])
            out = visit(out)
        return out
    if isinstance(node, (list, tuple)):
        return type(node)(_walk(item, visit, seen) for item in node)
    return copy.deepcopy(node)


def _check_seen(caller: str, pipeline_types: Set[str],
                wanted: Sequence[str]) -> None:
    # A misspelt or absent type would otherwise leave the pipeline unchanged
    # and the config silently training with the base's values.
    missing = sorted(set(wanted) - pipeline_types)
    if missing:
        raise KeyError(f'{caller}: the pipeline has no transform of '
                       f'type {missing}; it has {sorted(pipeline_types)}')


def update_transforms(pipeline: Sequence[Any],
                      **updates: Mapping[str, Any]) -> List[Any]:
    """Return a copy of ``pipeline`` with some transforms' arguments updated.

    Args:
        pipeline (Sequence): a pipeline (a list of transform dicts), possibly
            nested through ``transforms`` lists.
        **updates: transform type -> the arguments to set on every transform
            of that type, at any depth. A ``type`` key among them swaps the
            transform's type and keeps its other arguments.

    Returns:
        list: the new pipeline; ``pipeline`` itself is not changed.

    Raises:
        KeyError: a type named in ``updates`` is not in the pipeline.
    """
    seen: Set[str] = set()

    def visit(transform: Dict[str, Any]) -> Dict[str, Any]:
        change = updates.get(transform['type'])
        if change is None:
            return transform
        return {**transform, **copy.deepcopy(dict(change))}

    out = _walk(pipeline, visit, seen)
    _check_seen('update_transforms', seen, list(updates))
    return list(out)


def replace_transforms(pipeline: Sequence[Any],
                       **replacements: Mapping[str, Any]) -> List[Any]:
    """Return a copy of ``pipeline`` with some transforms replaced whole.

    Unlike :func:`update_transforms`, nothing of the old transform's
    arguments is kept: use it where the new transform takes other arguments
    (e.g. ``RandomResizedCrop`` -> ``SaliencyConstrainedCrop``).

    Args:
        pipeline (Sequence): as in :func:`update_transforms`.
        **replacements: transform type -> the complete new transform dict.

    Raises:
        KeyError: a type named in ``replacements`` is not in the pipeline.
    """
    seen: Set[str] = set()

    def visit(transform: Dict[str, Any]) -> Dict[str, Any]:
        new = replacements.get(transform['type'])
        return transform if new is None else copy.deepcopy(dict(new))

    out = _walk(pipeline, visit, seen)
    _check_seen('replace_transforms', seen, list(replacements))
    return list(out)


def drop_transforms(pipeline: Sequence[Any], *types: str) -> List[Any]:
    """Return a copy of ``pipeline`` without the transforms of ``types``
    (at any depth), e.g. a view pipeline without its crop where another
    transform sets the geometry.

    Raises:
        KeyError: a type in ``types`` is not in the pipeline.
    """
    seen: Set[str] = set()
    dropped = object()

    def visit(transform: Dict[str, Any]) -> Any:
        return dropped if transform['type'] in types else transform

    def prune(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: prune(v) for k, v in node.items()}
        if isinstance(node, (list, tuple)):
            return type(node)(prune(x) for x in node if x is not dropped)
        return node

    out = prune(_walk(pipeline, visit, seen))
    _check_seen('drop_transforms', seen, list(types))
    return list(out)


def innermost_dataset(dataset: Mapping[str, Any]) -> Mapping[str, Any]:
    """The dataset config inside wrappers (``MultiImageMixDataset``,
    ``RepeatDataset``, ...): the first level that has a ``data_root``, or
    the innermost one. Returns the config itself, not a copy."""
    while 'data_root' not in dataset and 'dataset' in dataset:
        dataset = dataset['dataset']
    return dataset


def loading_dataset(cfg: Mapping[str, Any],
                    types: Optional[Sequence[str]] = None) -> Dict[str, Any]:
    """The innermost dataset of ``cfg.train_dataloader`` with only its
    loading transforms: what a tool that draws its own views starts from.

    Args:
        cfg (Mapping): a config with a ``train_dataloader``.
        types (Sequence[str], optional): the transform types to keep (a
            scope prefix such as ``mmloc.`` ignored). Defaults to every type
            whose name starts with ``Load``.

    Returns:
        dict: a copy of the dataset config; wrappers such as
        ``MultiImageMixDataset`` are unwrapped.
    """
    dataset = copy.deepcopy(
        innermost_dataset(cfg['train_dataloader']['dataset']))

    def keep(transform: Mapping[str, Any]) -> bool:
        name = str(transform['type']).split('.')[-1]
        return name in types if types is not None else name.startswith('Load')

    dataset['pipeline'] = [t for t in dataset.get('pipeline', []) if keep(t)]
    return dataset

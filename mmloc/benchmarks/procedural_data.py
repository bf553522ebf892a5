# Copyright (c) mmloc contributors. All rights reserved.
"""Procedural stand-ins for a config's data, in the layout it reads.

Benchmarks of real pipelines need images and priors on disk; nothing may be
downloaded, so :func:`make_layout` writes the procedural set in a real
dataset's layout (:func:`make_imagenet`: ImageNet's; ``'cub'``:
CUB-200-2011's) and :func:`make_priors` the priors a config's loaders read,
where they read them (after :func:`mmloc.benchmarks.redirect_data`).
"""
import copy
import os.path as osp
from typing import Any, List, Optional

from mmloc.utils.pipeline_config import innermost_dataset
from mmloc.utils.repo_tools import run_repo_tool

#: the folder :func:`make_layout` writes each layout to, under ``out/data``
LAYOUT_DIRS = {'imagenet': 'imagenet', 'cub': 'CUB_200_2011'}
#: the layout each dataset type reads
DATASET_LAYOUTS = {'ImageNet': 'imagenet', 'CUB': 'cub'}


def dataset_layout(loader_cfg: dict) -> str:
    """The layout (a key of :data:`LAYOUT_DIRS`) a train dataloader's
    dataset reads.

    Raises:
        KeyError: a dataset type with no procedural layout here.
    """
    return DATASET_LAYOUTS[innermost_dataset(loader_cfg['dataset'])['type']]


def make_layout(out: str, layout: str, size: int, per_class: int,
                workers: int) -> str:
    """The procedural set in ``layout``'s layout (a key of
    :data:`LAYOUT_DIRS`) under ``out/data/<its folder>`` (10 classes,
    ``per_class`` training images of ``size`` px, one val / test image per
    class; reused if there); returns that root."""
    root = osp.join(out, 'data')
    folder = osp.join(root, LAYOUT_DIRS[layout])
    done = osp.join(folder, 'train' if layout == 'imagenet' else 'images')
    if not osp.isdir(done):
        run_repo_tool([
            'tools/data/make_synthetic.py', '--out-dir', root, '--formats',
            layout, '--num-per-class',
            str(per_class), '--num-val-per-class', '1', '--size',
            str(size), '--workers',
            str(workers), '--overwrite'
        ], osp.join(out, 'make_data.log'))
    return folder


def make_imagenet(out: str, size: int, per_class: int, workers: int) -> str:
    """The procedural set in the ImageNet layout under ``out/data/imagenet``
    (10 classes, ``per_class`` training images of ``size`` px; reused if
    there); returns that root."""
    return make_layout(out, 'imagenet', size, per_class, workers)


def prior_loaders(node: Any) -> List[dict]:
    """Every ``LoadSaliencyMap`` / ``LoadSegments`` (from files) in a
    config tree."""
    found = []
    if isinstance(node, dict):
        if node.get('type') == 'LoadSaliencyMap' or (
                node.get('type') == 'LoadSegments'
                and node.get('source', 'file') == 'file'):
            found.append(node)
        for v in node.values():
            found += prior_loaders(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            found += prior_loaders(v)
    return found


def image_dir(loader_cfg: dict) -> Optional[str]:
    """The deepest folder holding every image the loader's dataset lists
    (e.g. ``imagenet/train``, ``CUB_200_2011/images``), or None if the
    dataset cannot be built without its pipeline."""
    import mmloc.datasets  # noqa: F401  (registers the datasets)
    from mmengine.registry import DefaultScope

    from mmloc.registry import DATASETS
    dataset = copy.deepcopy(innermost_dataset(loader_cfg['dataset']))
    dataset['pipeline'] = []
    try:
        with DefaultScope.overwrite_default_scope('mmloc'):
            built = DATASETS.build(dataset)
        paths = [
            built.get_data_info(i)['img_path'] for i in range(len(built))
        ]
    except Exception:  # noqa: BLE001  (fall back to the prior's img_root)
        return None
    return osp.commonpath([osp.dirname(p) for p in paths]) if paths else None


def make_priors(loader_cfg: dict, out: str, workers: int) -> None:
    """The priors a train dataloader's transforms read, where they read
    them: fine_grained saliency maps, FH segments (missing files only), of
    the images the dataset lists (the folder holding them all, mirrored
    under the prior's root: not of the val split, nor of other priors'
    PNGs under the same data root)."""
    images = image_dir(loader_cfg)
    for t in prior_loaders(loader_cfg):
        if t['type'] == 'LoadSaliencyMap':
            tool = ['tools/data/gen_saliency.py', '--method', 'fine_grained']
            root = t['map_root']
        else:
            tool = ['tools/data/gen_fh_masks.py']
            root = t['seg_root']
        in_dir, out_dir = t['img_root'], root
        if images is not None:
            rel = osp.relpath(images, t['img_root'])
            if not rel.startswith(osp.pardir):
                in_dir, out_dir = images, osp.normpath(osp.join(root, rel))
        run_repo_tool(
            tool + ['--in-dir', in_dir, '--out-dir', out_dir, '--workers',
                    str(workers)], osp.join(out, 'make_priors.log'))

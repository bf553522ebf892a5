# Copyright (c) mmloc contributors. All rights reserved.
"""Procedural stand-ins for a config's data, in the layout it reads.

Benchmarks of real pipelines need images and priors on disk; nothing may be
downloaded, so :func:`make_imagenet` writes the procedural set in the
ImageNet layout and :func:`make_priors` the priors a config's loaders read,
where they read them (after :func:`mmloc.benchmarks.redirect_data`).
"""
import os.path as osp
from typing import Any, List

from mmloc.utils.repo_tools import run_repo_tool


def make_imagenet(out: str, size: int, per_class: int, workers: int) -> str:
    """The procedural set in the ImageNet layout under ``out/data/imagenet``
    (10 classes, ``per_class`` training images of ``size`` px; reused if
    there); returns that root."""
    root = osp.join(out, 'data')
    imagenet = osp.join(root, 'imagenet')
    if not osp.isdir(osp.join(imagenet, 'train')):
        run_repo_tool([
            'tools/data/make_synthetic.py', '--out-dir', root, '--formats',
            'imagenet', '--num-per-class',
            str(per_class), '--num-val-per-class', '1', '--size',
            str(size), '--workers',
            str(workers), '--overwrite'
        ], osp.join(out, 'make_data.log'))
    return imagenet


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


def make_priors(loader_cfg: dict, out: str, workers: int) -> None:
    """The priors a train dataloader's transforms read, where they read
    them: fine_grained saliency maps, FH segments (missing files only)."""
    for t in prior_loaders(loader_cfg):
        if t['type'] == 'LoadSaliencyMap':
            tool = ['tools/data/gen_saliency.py', '--method', 'fine_grained']
            root = t['map_root']
        else:
            tool = ['tools/data/gen_fh_masks.py']
            root = t['seg_root']
        run_repo_tool(
            tool + [
                '--in-dir', t['img_root'], '--out-dir', root, '--workers',
                str(workers)
            ], osp.join(out, 'make_priors.log'))

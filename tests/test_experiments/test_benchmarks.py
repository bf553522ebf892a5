# Copyright (c) mmloc contributors. All rights reserved.
"""The evidence experiment's benchmarks: every arm of one benchmark shares
its budget, every method its baseline, the sweep arms differ by their prior
alone."""
import os.path as osp

import pytest
from mmengine.config import Config

from mmloc.experiments import BASELINES, BENCHMARKS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES, TEXTURED = BENCHMARKS['shapes'], BENCHMARKS['textured']


def _cfg(path):
    return Config.fromfile(osp.join(ROOT, path))


@pytest.mark.parametrize('bench,budget', [(SHAPES, (12, 32, 18, 32)),
                                          (TEXTURED, (3, 32, 18, 64))])
def test_arms_share_one_budget(bench, budget):
    """Same compute for every arm: epochs, batch, depth, width."""
    seen = set()
    for arm, path in bench.arms.items():
        if path is None:
            continue
        cfg = _cfg(path)
        backbone = cfg.model.backbone
        seen.add((cfg.train_cfg.max_epochs, cfg.train_dataloader.batch_size,
                  backbone.depth, backbone.get('base_channels', 64)))
        # every scheduler ends with the training
        assert max(s['end'] for s in cfg.param_scheduler) == budget[0], arm
        assert cfg.default_hooks.checkpoint.interval == budget[0], arm
    assert seen == {budget}


def test_every_method_has_its_baseline_in_the_benchmark():
    for bench in (SHAPES, TEXTURED):
        for arm in bench.arms:
            if arm != 'random':
                assert BASELINES[arm] in bench.arms, (bench.name, arm)
        for arms in bench.sweep.values():
            assert all(a in bench.arms and a in bench.prior_dirs
                       for a in arms)


def _pipeline_and_rest(path):
    cfg = _cfg(path).to_dict()
    loader = cfg.pop('train_dataloader')
    dataset = loader['dataset']
    pipe = dataset.pop('pipeline')
    return cfg, loader, pipe


def _prior_roots(pipe):
    return [(i, {k: v for k, v in step.items() if k.endswith('_root')})
            for i, step in enumerate(pipe)
            if step['type'] in ('LoadSaliencyMap', 'LoadSegments')]


@pytest.mark.parametrize('bench,base,variants', [
    (TEXTURED, 'mocov2_cast', ['mocov2_cast_gt']),
    (SHAPES, 'mocov2_cast', ['mocov2_cast_gt', 'mocov2_cast_gt_noisy',
                             'mocov2_cast_gt_dilated']),
    (SHAPES, 'detconb_fh', ['detconb_gt', 'detconb_gt_noisy',
                            'detconb_gt_dilated']),
])
def test_prior_arms_differ_only_by_their_prior(bench, base, variants):
    """The sweep's arms are their method's arm with another prior folder;
    nothing else (model, views, schedule) changes, and the folder is the
    one the benchmark measures the prior's quality on."""
    cfg, loader, pipe = _pipeline_and_rest(bench.arms[base])
    for arm in variants:
        other_cfg, other_loader, other_pipe = _pipeline_and_rest(
            bench.arms[arm])
        assert other_cfg == cfg and other_loader == loader, arm
        assert len(pipe) == len(other_pipe), arm
        roots = dict(_prior_roots(other_pipe))
        for step, (a, b) in enumerate(zip(pipe, other_pipe)):
            if step not in roots:
                assert a == b, (arm, step)
        if arm in bench.prior_dirs:
            (step, found), = roots.items()
            root = found.get('map_root') or found['seg_root']
            assert root.rstrip('/') == osp.join(bench.prior_root,
                                                bench.prior_dirs[arm][0]), arm

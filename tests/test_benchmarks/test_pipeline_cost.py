# Copyright (c) mmloc contributors. All rights reserved.
import os.path as osp

from mmcv.transforms import BaseTransform, Compose, RandomApply
from mmengine.config import Config

from mmloc.benchmarks import redirect_data
from mmloc.benchmarks.pipeline_cost import (_instrument, _own_times,
                                            _Pipeline, loader_rate,
                                            transform_costs)

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
MOCO = 'configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py'


class _Add(BaseTransform):

    def __init__(self, n):
        self.n = n

    def transform(self, results):
        results['calls'] = results.get('calls', 0) + self.n
        return results


def test_instrument_times_every_leaf_once():
    view = Compose([_Add(1), RandomApply([_Add(10)], prob=1.0)])
    # two views sharing one Compose, as mmpretrain's MultiView builds them
    outer = Compose([_Add(100)])
    outer.transforms.append(type('MultiView', (), {})())
    outer.transforms[-1].transforms = [view, view]
    totals = {}
    _instrument(outer, '', totals)
    assert sorted(totals) == [
        'MultiView/RandomApply/_Add', 'MultiView/_Add', '_Add'
    ]
    results = {}
    for t in outer.transforms[-1].transforms:
        results = t(results)
    assert results['calls'] == 22  # behaviour unchanged, both views ran
    assert all(v > 0 for k, v in totals.items() if k != '_Add')


class _Swap(BaseTransform):
    """A multi-image transform with its own work and view pipelines."""

    def __init__(self):
        self.transforms = [Compose([_Add(1)]), Compose([_Add(1)])]

    def get_indexes(self, dataset):
        return [0, 1]

    def transform(self, results):
        results['calls'] = results.get('calls', 0) + 1000
        for t in self.transforms:
            results = t(results)
        return results


def test_instrument_times_a_working_container_apart_from_its_children():
    swap = _Swap()
    pipeline = [swap, _Add(100)]  # a wrapper's list pipeline
    totals = {}
    _instrument(_Pipeline(pipeline), '', totals)
    assert list(totals) == ['_Swap', '_Swap/_Add', '_Add']
    # the list was instrumented in place, and what a wrapper looks up on
    # the transform (MultiImageMixDataset: get_indexes) still answers
    assert pipeline[0] is not swap
    assert pipeline[0].get_indexes(None) == [0, 1]
    results = {}
    for t in pipeline:
        results = t(results)
    assert results['calls'] == 1102
    own = _own_times({'A': 5.0, 'A/B': 1.0, 'A/C/D': 2.0, 'E': 1.0})
    assert own == {'A': 2.0, 'A/B': 1.0, 'A/C/D': 2.0, 'E': 1.0}
    own = _own_times({'A': 5.0, 'A/B': 3.0, 'A/B/C': 1.0})
    assert own == {'A': 2.0, 'A/B': 2.0, 'A/B/C': 1.0}


def _loader(synthetic_root):
    cfg = redirect_data(
        Config.fromfile(osp.join(ROOT, MOCO)),
        osp.join(synthetic_root, 'imagenet'),
        iters=1,
        batch_size=4)
    return dict(
        cfg.train_dataloader.to_dict(),
        num_workers=0,
        persistent_workers=False)


def test_real_pipeline_costs(synthetic_root):
    loader = _loader(synthetic_root)
    assert loader_rate(loader, batches=2, warmup=1) > 0
    costs = dict(transform_costs(loader, samples=3))
    assert {
        'LoadImageFromFile', 'MultiView/RandomResizedCrop',
        'MultiView/RandomApply/ColorJitter', 'PackInputs'
    } <= set(costs)
    assert all(ms >= 0 for ms in costs.values())

# Copyright (c) mmloc contributors. All rights reserved.
"""The ``random`` arm's pretraining (its seeded initialisation, saved as a
backbone) and the arms' epoch budgets."""
import importlib
import os
import os.path as osp

import pytest
import torch

from mmloc.experiments import BENCHMARKS, arm_epochs, pretrain

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SHAPES = BENCHMARKS['shapes']
pretrain_mod = importlib.import_module('mmloc.experiments.pretraining')


@pytest.fixture(autouse=True)
def in_repo_root(monkeypatch):
    """The benchmark's config paths are relative to the repository root."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def no_tools(monkeypatch):
    """The random arm trains nothing: running a tool fails the test."""

    def fail(*args, **kwargs):
        raise AssertionError(f'unexpected tool run: {args}')

    monkeypatch.setattr(pretrain_mod, 'run_repo_tool', fail)


def _state(path):
    return torch.load(path, map_location='cpu')['state_dict']


def test_random_arm_saves_its_seeded_initialisation(tmp_path, no_tools):
    """``backbone.*`` keys only; one seed, one initialisation; another seed,
    other weights."""
    assert SHAPES.arms['random'] is None
    runs = {}
    for name, seed in (('a', 0), ('b', 0), ('c', 1)):
        run_dir = tmp_path / name
        run_dir.mkdir()
        path = pretrain(SHAPES, 'random', seed, str(run_dir))
        assert path == osp.join(str(run_dir), 'backbone.pth')
        assert osp.isfile(path)
        runs[name] = _state(path)
    a, b, c = runs['a'], runs['b'], runs['c']
    assert a and all(k.startswith('backbone.') for k in a)
    assert a.keys() == b.keys() == c.keys()
    for k in a:
        assert torch.equal(a[k], b[k]), k
    # a float (learnable) tensor initialised at random differs with the seed
    convs = [k for k in a if a[k].dim() == 4]
    assert convs
    assert any(not torch.equal(a[k], c[k]) for k in convs)


def test_existing_backbone_is_returned_untouched(tmp_path, no_tools):
    """A finished ``backbone.pth`` is reused as it is, not rewritten."""
    path = tmp_path / 'backbone.pth'
    path.write_bytes(b'a finished backbone')
    old = 1_000_000_000
    os.utime(path, (old, old))
    assert pretrain(SHAPES, 'random', 0, str(tmp_path)) == str(path)
    assert pretrain(SHAPES, 'mocov2', 0, str(tmp_path)) == str(path)
    assert path.read_bytes() == b'a finished backbone'
    assert os.stat(path).st_mtime == old
    assert os.listdir(tmp_path) == ['backbone.pth']


def test_arm_epochs():
    """0 for the untrained arm, the config's budget, or the retimed one."""
    assert arm_epochs(SHAPES, 'random') == 0
    assert arm_epochs(SHAPES, 'random', 3) == 0
    assert arm_epochs(SHAPES, 'mocov2') == 12
    assert arm_epochs(SHAPES, 'mocov2', 3) == 3


def test_build_backbone_sets_no_global_scope():
    """The backbone is built in mmloc's scope, whatever scope is current,
    and the process's default scope is left as it was (it used to create a
    global 'mmloc' instance that later builds silently relied on)."""
    from mmengine.registry import DefaultScope
    from mmpretrain.models import ResNet

    from mmloc.experiments.pretraining import build_backbone
    with DefaultScope.overwrite_default_scope('mmdet'):
        backbone = build_backbone(SHAPES)
        assert DefaultScope.get_current_instance().scope_name == 'mmdet'
    assert isinstance(backbone, ResNet)
    assert not DefaultScope.check_instance_created(
        'mmloc-localization-effect')

# Copyright (c) mmloc contributors. All rights reserved.
import pytest
from mmengine.registry import DefaultScope

import mmloc
from mmloc.registry import HOOKS, MODELS, TRANSFORMS


@pytest.fixture(autouse=True)
def mmloc_scope():
    with DefaultScope.overwrite_default_scope('mmloc'):
        yield


@pytest.mark.parametrize('name', ['MoCo', 'BYOL', 'SimCLR', 'ResNet'])
def test_scope_resolves_mmpretrain_models(name):
    import mmpretrain.models as mmpretrain_models
    assert MODELS.get(name) is getattr(mmpretrain_models, name)


def test_scope_resolves_mmloc_and_mmpretrain_hooks_and_transforms():
    from mmpretrain.datasets.transforms import MultiView
    from mmloc.engine import CheckInvalidLossHook
    assert HOOKS.get('CheckInvalidLossHook') is CheckInvalidLossHook
    # mmdet's hook of the same name lives in another registry tree: mmloc's
    # must shadow nothing it did not mean to.
    assert HOOKS.get('mmdet.CheckInvalidLossHook') is not CheckInvalidLossHook
    assert TRANSFORMS.get('MultiView') is MultiView


def test_registries_are_children_of_mmpretrain():
    from mmpretrain.registry import MODELS as MMPRETRAIN_MODELS
    assert MODELS.scope == 'mmloc'
    assert MODELS.parent is MMPRETRAIN_MODELS


def test_version_check_names_the_package(monkeypatch):
    import mmcv
    monkeypatch.setattr(mmcv, '__version__', '2.2.0')
    with pytest.raises(ImportError, match=r'mmcv==2\.2\.0.*mmcv>=2\.0\.0,<2\.2\.0'):
        mmloc._check_versions()


def test_register_all_modules_sets_the_scope(run_python):
    # A fresh interpreter: no scope exists until register_all_modules.
    out = run_python(
        '-c', 'from mmengine.registry import DefaultScope\n'
        'from mmloc.utils import register_all_modules\n'
        'assert DefaultScope.get_current_instance() is None\n'
        'register_all_modules()\n'
        'print(DefaultScope.get_current_instance().scope_name)')
    assert out.strip().splitlines()[-1] == 'mmloc'

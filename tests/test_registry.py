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
    import mmpretrain.datasets.transforms as mmpretrain_transforms

    import mmloc.datasets.transforms as mmloc_transforms
    from mmloc.engine import CheckInvalidLossHook
    assert HOOKS.get('CheckInvalidLossHook') is CheckInvalidLossHook
    # mmdet's hook of the same name lives in another registry tree: mmloc's
    # must shadow nothing it did not mean to.
    assert HOOKS.get('mmdet.CheckInvalidLossHook') is not CheckInvalidLossHook
    # like mmdet's RandomFlip, mmloc's prior-aware versions shadow the
    # parents' names in the mmloc scope; the rest comes from mmpretrain
    for name in ('MultiView', 'RandomResizedCrop', 'RandomFlip'):
        assert TRANSFORMS.get(name) is getattr(mmloc_transforms, name)
    assert (TRANSFORMS.get('mmpretrain.MultiView') is
            mmpretrain_transforms.MultiView)
    assert TRANSFORMS.get('ColorJitter') is mmpretrain_transforms.ColorJitter


def test_registries_are_children_of_mmpretrain():
    from mmpretrain.registry import MODELS as MMPRETRAIN_MODELS
    assert MODELS.scope == 'mmloc'
    assert MODELS.parent is MMPRETRAIN_MODELS


def test_version_check_names_the_package(monkeypatch):
    installed = {'mmcv': '2.2.0', 'mmengine': '0.10.7', 'mmpretrain': '1.2.0'}
    monkeypatch.setattr(mmloc, 'installed_version', installed.__getitem__)
    with pytest.raises(ImportError,
                       match=r'mmcv==2\.2\.0.*mmcv>=2\.0\.0,<2\.2\.0'):
        mmloc._check_versions()


def test_version_check_names_a_missing_package(monkeypatch):
    from importlib.metadata import PackageNotFoundError

    def version(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(mmloc, 'installed_version', version)
    with pytest.raises(ImportError, match='needs mmcv>=2.0.0,<2.2.0, which '
                       'is not installed'):
        mmloc._check_versions()


def test_import_mmloc_leaves_the_heavy_parts_to_first_use(run_python):
    """``import mmloc`` neither imports mmcv's image ops nor (through
    mmpretrain.models) mmdet / mmseg; the hooks load on first lookup."""
    out = run_python(
        '-c', 'import sys, mmloc\n'
        'heavy = ("mmdet", "mmseg", "mmcv", "mmloc.engine.hooks")\n'
        'print([m for m in heavy if m in sys.modules])\n'
        'from mmloc.registry import HOOKS\n'
        'HOOKS.get("KNNMonitorHook")\n'
        'print("mmloc.engine.hooks" in sys.modules)')
    assert out.strip().splitlines()[-2:] == ['[]', 'True']


def test_lazy_hook_names_are_the_hooks_package():
    """``mmloc.engine``'s PEP 562 names list every hook, and only hooks."""
    import mmloc.engine
    from mmloc.engine import hooks
    assert set(mmloc.engine._HOOK_NAMES) == set(hooks.__all__)
    assert mmloc.engine.CASTHook is hooks.CASTHook
    with pytest.raises(AttributeError, match='no attribute'):
        mmloc.engine.NoSuchHook

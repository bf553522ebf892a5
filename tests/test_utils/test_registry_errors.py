# Copyright (c) mmloc contributors. All rights reserved.
import pytest
from mmengine.registry import DefaultScope

import mmloc.datasets  # noqa: F401  (registers the transforms)
from mmloc.registry import TRANSFORMS
from mmloc.utils.registry_errors import (explain_registry_error,
                                         registered_names)


def test_names_include_the_parents():
    names = registered_names('mmloc', 'transform')
    # mmloc's own, mmpretrain's and mmcv's
    assert {'SaliencyConstrainedCrop', 'PackInputs',
            'LoadImageFromFile'} <= set(names)
    assert registered_names('nope', 'transform') == []


def test_real_registry_error_in_one_line():
    with DefaultScope.overwrite_default_scope('mmloc'):
        with pytest.raises(KeyError) as e:
            TRANSFORMS.build(dict(type='SaliencyConstrainedCropp'))
    assert explain_registry_error(e.value) == (
        'type "SaliencyConstrainedCropp" is not registered in the '
        'mmloc::transform registry (nor its parents); did you mean '
        'SaliencyConstrainedCrop?')


def test_other_errors_are_not_explained():
    assert explain_registry_error(KeyError('depth')) is None
    assert explain_registry_error(
        KeyError('Zzzzzz is not in the mmloc::transform registry')) == (
            'type "Zzzzzz" is not registered in the mmloc::transform '
            'registry (nor its parents)')

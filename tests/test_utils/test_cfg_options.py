# Copyright (c) mmloc contributors. All rights reserved.
import pytest
from mmengine.config import Config

from mmloc.utils.cfg_options import CfgOptionError, check_cfg_options

CFG = Config(
    dict(
        model=dict(backbone=dict(type='ResNet', depth=18)),
        train_cfg=dict(max_epochs=3),
        pipeline=[dict(type='A'), dict(type='B', scale=9)]))


@pytest.mark.parametrize('key', [
    'model.backbone.depth', 'train_cfg.max_epochs', 'pipeline.1.scale',
    'pipeline.-1.type'
])
def test_existing_keys_pass_silently(key):
    assert check_cfg_options(CFG, {key: 1}) == []


def test_new_last_key_is_reported():
    assert check_cfg_options(CFG, {'model.backbone.frozen_stages': 2}) == [
        '--cfg-options model.backbone.frozen_stages: adds "frozen_stages" '
        'to model.backbone (not set in the config)'
    ]
    assert check_cfg_options(CFG, {'work_dir': 'x'}) == [
        '--cfg-options work_dir: adds "work_dir" to the config (not set in '
        'the config)'
    ]


@pytest.mark.parametrize('key,message', [
    ('modle.backbone.depth', 'the config has no "modle"; did you mean model?'),
    ('model.backbone.depht',
     'model.backbone has no "depht"; did you mean depth?'),
    ('train_cfg.max_epoch',
     'train_cfg has no "max_epoch"; did you mean max_epochs?'),
    ('model.neck.in_channels', 'model has no "neck"'),
    ('pipeline.5.scale', 'pipeline has no "5"'),
])
def test_typos_and_missing_paths_refused(key, message):
    with pytest.raises(CfgOptionError) as e:
        check_cfg_options(CFG, {key: 1})
    assert str(e.value) == f'--cfg-options {key}: {message}'

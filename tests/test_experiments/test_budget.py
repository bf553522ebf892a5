# Copyright (c) mmloc contributors. All rights reserved.
import os.path as osp

import pytest
from mmengine.config import Config

from mmloc.experiments import BENCHMARKS
from mmloc.experiments.budget import retime

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
ARMS = BENCHMARKS['shapes'].arms


def test_cosine_schedule_is_stretched_to_the_new_end():
    cfg = retime(Config.fromfile(osp.join(ROOT, ARMS['mocov2'])), 4)
    (cosine, ) = cfg.param_scheduler
    assert (cosine['begin'], cosine['end'], cosine['T_max']) == (0, 4, 4)
    assert cfg.train_cfg.max_epochs == 4
    assert cfg.default_hooks.checkpoint.interval == 4
    knn = [h for h in cfg.custom_hooks if h['type'] == 'KNNMonitorHook']
    assert knn[0]['interval'] <= 4


def test_warmup_keeps_its_length():
    original = Config.fromfile(osp.join(ROOT, ARMS['byol']))
    cfg = retime(original, 5)
    warmup, cosine = cfg.param_scheduler
    assert (warmup['begin'], warmup['end']) == (0, 1)
    assert (cosine['begin'], cosine['end'], cosine['T_max']) == (1, 5, 4)
    # the original is left alone
    assert original.train_cfg.max_epochs == 12
    with pytest.raises(ValueError, match='no room'):
        retime(original, 1)

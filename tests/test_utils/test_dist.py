# Copyright (c) mmloc contributors. All rights reserved.
"""CPU-only distributed runs: when gloo is needed, what the config gets,
and the process group's teardown."""
import pytest
import torch
import torch.distributed as torch_dist
from mmengine.config import Config

from mmloc.utils import (needs_cpu_distributed, setup_cpu_distributed,
                         teardown_distributed)

LAUNCHER_ENV = dict(
    RANK='0', WORLD_SIZE='1', MASTER_ADDR='127.0.0.1', MASTER_PORT='29500')


@pytest.mark.parametrize('launcher, gpu, expected', [
    ('pytorch', False, True),
    ('pytorch', True, False),
    ('none', False, False),
    ('slurm', False, False),
    ('mpi', False, False),
])
def test_needs_cpu_distributed(monkeypatch, launcher, gpu, expected):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: gpu)
    assert needs_cpu_distributed(launcher) is expected


@pytest.fixture
def launcher_env(monkeypatch):
    """The torchrun variables set, the process group reported initialised
    (so that nothing is started), ``init_process_group`` recorded."""
    for key, value in LAUNCHER_ENV.items():
        monkeypatch.setenv(key, value)
    calls = []
    monkeypatch.setattr(torch_dist, 'is_initialized', lambda: True)
    monkeypatch.setattr(torch_dist, 'init_process_group',
                        lambda **kwargs: calls.append(kwargs))
    return calls


def test_missing_launcher_variables_are_named(monkeypatch):
    for key in LAUNCHER_ENV:
        monkeypatch.setenv(key, LAUNCHER_ENV[key])
    monkeypatch.delenv('WORLD_SIZE')
    monkeypatch.delenv('MASTER_PORT')
    cfg = Config(dict(model=dict(type='MoCo')))
    with pytest.raises(
            RuntimeError,
            match=r"\['WORLD_SIZE', 'MASTER_PORT'\].*dist_train"):
        setup_cpu_distributed(cfg)
    assert 'env_cfg' not in cfg and 'model_wrapper_cfg' not in cfg


def test_default_wrapper_and_gloo_backend(launcher_env):
    """mmengine's default DDP wrapper, without device ids; the rest of
    ``env_cfg`` is kept."""
    cfg = Config(
        dict(
            find_unused_parameters=True,
            env_cfg=dict(
                cudnn_benchmark=False,
                dist_cfg=dict(backend='nccl', timeout=60))))
    setup_cpu_distributed(cfg)
    assert cfg.env_cfg.to_dict() == dict(
        cudnn_benchmark=False, dist_cfg=dict(backend='gloo', timeout=60))
    assert cfg.model_wrapper_cfg.to_dict() == dict(
        type='MMDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=True,
        device_ids=None)
    assert launcher_env == []  # already initialised: left alone


def test_configured_wrapper_is_kept_and_group_initialised(
        launcher_env, monkeypatch):
    monkeypatch.setattr(torch_dist, 'is_initialized', lambda: False)
    cfg = Config(
        dict(
            env_cfg=dict(dist_cfg=dict(backend='nccl')),
            model_wrapper_cfg=dict(
                type='MMDistributedDataParallel',
                find_unused_parameters=False,
                device_ids=[0])))
    setup_cpu_distributed(cfg)
    assert cfg.env_cfg.to_dict() == dict(dist_cfg=dict(backend='gloo'))
    assert cfg.model_wrapper_cfg.to_dict() == dict(
        type='MMDistributedDataParallel',
        find_unused_parameters=False,
        device_ids=None)
    assert launcher_env == [dict(backend='gloo')]


@pytest.mark.parametrize('env_cfg', [None, dict(cudnn_benchmark=False)])
def test_gloo_backend_recorded_without_a_dist_cfg(launcher_env, env_cfg):
    cfg = Config(dict() if env_cfg is None else dict(env_cfg=env_cfg))
    setup_cpu_distributed(cfg)
    assert cfg.env_cfg.dist_cfg.backend == 'gloo'


def test_teardown_without_a_group_does_nothing(monkeypatch):
    assert not torch_dist.is_initialized()

    def fail():
        raise AssertionError('no barrier without a group')

    monkeypatch.setattr(torch_dist, 'barrier', fail)
    teardown_distributed()


def test_teardown_waits_then_destroys_the_group(tmp_path, monkeypatch):
    """A real one-process gloo group: a barrier, then destroyed."""
    events = []
    barrier = torch_dist.barrier
    monkeypatch.setattr(torch_dist, 'barrier',
                        lambda: events.append('barrier') or barrier())
    torch_dist.init_process_group(
        'gloo',
        rank=0,
        world_size=1,
        init_method=f'file://{tmp_path / "store"}')
    try:
        teardown_distributed()
        assert events == ['barrier']
        assert not torch_dist.is_initialized()
    finally:
        if torch_dist.is_initialized():
            torch_dist.destroy_process_group()

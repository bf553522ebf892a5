# Copyright (c) mmloc contributors. All rights reserved.
"""Backbone extraction: every algorithm's checkpoint -> every consumer."""
import copy
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MessageHub
from mmengine.registry import DefaultScope

import mmloc  # noqa: F401
from mmloc.evaluation import extract_backbone_checkpoint, split_backbone
from mmloc.registry import MODELS

# One tiny config per algorithm mmloc trains: the stock mmpretrain
# self-supervisors (MoCo v2, SimCLR, BYOL) and mmloc's own.
ALGORITHMS = {
    'mocov2':
    'configs/mocov2/mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'simclr':
    'configs/simclr/simclr_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'byol': 'configs/byol/byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'cast_mocov2':
    'configs/cast/cast_mocov2_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'cast_byol':
    'configs/cast/cast_byol_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'detconb':
    'configs/detcon/detconb_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'detcons':
    'configs/detcon/detcons_resnet18_1xb32-coslr-20e_synthetic-96px.py',
    'cvsa': 'configs/cvsa/cvsa_byol_resnet18_1xb32-coslr-20e_synthetic-cub.py',
}

# What each algorithm must lose besides its backbone (a subset: the
# algorithm may hold more, e.g. a data preprocessor's buffers).
MUST_DROP = {
    'mocov2': {'encoder_k', 'neck', 'queue', 'queue_ptr'},
    'simclr': {'neck'},
    'byol': {'target_net', 'neck', 'head'},
    'cast_mocov2': {'encoder_k', 'neck', 'queue'},
    'cast_byol': {'target_net', 'neck', 'head'},
    'detconb': {'target_net', 'neck', 'head'},
    'detcons': {'neck'},
    'cvsa': {'target_net', 'neck', 'head', 'align_head'},
}


def _build_algorithm(name: str) -> torch.nn.Module:
    cfg = Config.fromfile(ALGORITHMS[name])
    with DefaultScope.overwrite_default_scope('mmloc'):
        model = MODELS.build(cfg.model)
    torch.manual_seed(0)
    # Distinct values everywhere, so a load from the wrong key shows.
    with torch.no_grad():
        for t in model.state_dict().values():
            if t.is_floating_point():
                t.copy_(torch.randn_like(t))
    return model


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    """name -> (pretraining checkpoint, its model's state dict)."""
    root = tmp_path_factory.mktemp('ckpts')
    out = {}
    for name in ALGORITHMS:
        model = _build_algorithm(name)
        state = model.state_dict()
        path = str(root / f'{name}.pth')
        # What mmengine's CheckpointHook writes, message hub included: it
        # is what the weights_only default of torch.load refuses.
        hub = MessageHub.get_instance(f'extract-{name}')
        hub.update_scalar('train/loss', 1.0)
        torch.save(
            dict(
                meta=dict(epoch=3, iter=30, experiment_name=name),
                state_dict=state,
                message_hub=hub.state_dict()), path)
        out[name] = (path, state)
    return out


CONSUMERS = {
    # scope -> backbone cfg as the benchmark configs build it (depth 18
    # here; the keys of depth 50 are checked by test_r50_consumers_agree).
    'mmpretrain':
    dict(type='ResNet', depth=18),
    'mmdet':
    dict(type='ResNet', depth=18, frozen_stages=-1, norm_eval=False),
    'mmseg':
    dict(
        type='ResNet',
        depth=18,
        dilations=(1, 1, 2, 4),
        strides=(1, 2, 1, 1),
        contract_dilation=True,
        norm_eval=False),
}


def _build_consumer(scope: str, cfg: dict) -> torch.nn.Module:
    import importlib
    registry = importlib.import_module(f'{scope}.registry').MODELS
    importlib.import_module(f'{scope}.models')
    with DefaultScope.overwrite_default_scope(scope):
        return registry.build(copy.deepcopy(cfg))


@pytest.mark.parametrize('name', sorted(ALGORITHMS))
def test_extract_keeps_only_the_online_backbone(name, checkpoints, tmp_path):
    src, state = checkpoints[name]
    dst = str(tmp_path / 'backbone.pth')
    report = extract_backbone_checkpoint(src, dst)
    # torch's safe default opens the output: no mmloc loader needed.
    out = torch.load(dst, map_location='cpu', weights_only=True)
    expected = {k: v for k, v in state.items() if k.startswith('backbone.')}
    assert list(out['state_dict']) == list(expected)
    for k, v in expected.items():
        assert torch.equal(out['state_dict'][k], v), k
    assert report.kept == len(expected)
    assert MUST_DROP[name] <= set(report.dropped)
    assert sum(report.dropped.values()) == len(state) - len(expected)
    assert out['meta']['dropped'] == report.dropped
    assert (out['meta']['epoch'], out['meta']['iter']) == (3, 30)


@pytest.mark.parametrize('scope', sorted(CONSUMERS))
@pytest.mark.parametrize('name', ['mocov2', 'cast_mocov2', 'detconb', 'cvsa'])
def test_extracted_backbone_loads_strictly_into_consumer(
        name, scope, checkpoints, tmp_path):
    src, state = checkpoints[name]
    dst = str(tmp_path / 'backbone.pth')
    extract_backbone_checkpoint(src, dst)
    cfg = dict(
        CONSUMERS[scope],
        init_cfg=dict(type='Pretrained', checkpoint=dst, prefix='backbone.'))
    backbone = _build_consumer(scope, cfg)
    # Strict key matching, which mmengine's PretrainedInit does not do.
    expected = {
        k[len('backbone.'):]: v
        for k, v in state.items() if k.startswith('backbone.')
    }
    assert set(backbone.state_dict()) == set(expected)
    # The consumer's own loading path (mmengine PretrainedInit, prefix).
    backbone.init_weights()
    for k, v in backbone.state_dict().items():
        assert torch.equal(v, expected[k]), k


def test_strip_prefix_loads_without_prefix(checkpoints, tmp_path):
    src, state = checkpoints['byol']
    dst = str(tmp_path / 'bare.pth')
    extract_backbone_checkpoint(src, dst, strip_prefix=True)
    backbone = _build_consumer(
        'mmdet',
        dict(
            CONSUMERS['mmdet'],
            init_cfg=dict(type='Pretrained', checkpoint=dst)))
    backbone.init_weights()
    assert torch.equal(backbone.conv1.weight, state['backbone.conv1.weight'])
    assert torch.equal(backbone.layer4[1].bn2.running_var,
                       state['backbone.layer4.1.bn2.running_var'])


def test_r50_consumers_agree():
    """The R50 benchmark backbones of mmdet / mmseg / mmpretrain have the
    keys of mmpretrain's ResNet-50 that every R50 pretraining config
    trains, so an extracted R50 loads into each of them."""
    keys = {
        scope: set(_build_consumer(scope, dict(cfg, depth=50)).state_dict())
        for scope, cfg in CONSUMERS.items()
    }
    assert keys['mmdet'] == keys['mmpretrain'] == keys['mmseg']


def test_split_backbone_counts_by_top_level_module():
    state = {
        'backbone.conv1.weight': torch.zeros(1),
        'backbone_extra.w': torch.zeros(1),  # not the backbone: no dot
        'neck.fc.weight': torch.zeros(1),
        'neck.fc.bias': torch.zeros(1),
        'queue': torch.zeros(1),
    }
    kept, dropped = split_backbone(state)
    assert list(kept) == ['backbone.conv1.weight']
    assert dropped == {'backbone_extra': 1, 'neck': 2, 'queue': 1}


def test_errors_name_the_file(tmp_path):
    src = str(tmp_path / 'head_only.pth')
    torch.save(dict(state_dict={'head.fc.weight': torch.zeros(2)}), src)
    with pytest.raises(ValueError, match='head_only.pth: no "backbone."'):
        extract_backbone_checkpoint(src, str(tmp_path / 'out.pth'))
    with pytest.raises(ValueError, match='overwrite the input'):
        extract_backbone_checkpoint(src, src)
    assert not osp.exists(tmp_path / 'out.pth')


def test_cli_reports_what_it_dropped(checkpoints, tmp_path, run_python):
    src, _ = checkpoints['detconb']
    dst = str(tmp_path / 'out.pth')
    printed = run_python('tools/model_converters/extract_backbone.py', src,
                         dst)
    assert 'kept 120 backbone tensors' in printed
    assert 'target_net' in printed and 'head' in printed
    assert osp.exists(dst)

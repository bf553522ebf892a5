# Copyright (c) mmloc contributors. All rights reserved.
import pytest
import torch

import mmloc  # noqa: F401
from mmloc.evaluation import build_backbones, load_backbone

BACKBONE = dict(type='mmpretrain.ResNet', depth=18, base_channels=8,
                stem_channels=8)


def _weights(module: torch.nn.Module) -> torch.Tensor:
    return torch.cat([p.detach().flatten() for p in module.parameters()])


def test_random_rows_are_seeded_and_checkpoints_loaded(tmp_path):
    trained = build_backbones(BACKBONE, ['random'], seed=3)[0]
    with torch.no_grad():
        for p in trained.parameters():
            p.add_(1.0)
    path = tmp_path / 'pretrain.pth'
    torch.save({'state_dict': {f'backbone.{k}': v for k, v in
                               trained.state_dict().items()}}, path)

    a, b, loaded = build_backbones(BACKBONE, ['random', 'random', str(path)],
                                   seed=3)
    assert torch.equal(_weights(a), _weights(b))
    assert torch.equal(_weights(loaded), _weights(trained))
    assert not any(m.training for m in (a, b, loaded))


def test_a_mismatching_checkpoint_is_named(tmp_path):
    path = tmp_path / 'other.pth'
    torch.save({'state_dict': {'backbone.conv1.weight': torch.zeros(1)}},
               path)
    backbone = build_backbones(BACKBONE, ['random'])[0]
    with pytest.raises(RuntimeError, match='other.pth does not match'):
        load_backbone(backbone, str(path))


def test_a_bad_file_fails_before_any_backbone_is_returned(tmp_path):
    path = tmp_path / 'notes.pth'
    path.write_text('not a checkpoint')
    with pytest.raises(ValueError, match='not a PyTorch checkpoint'):
        build_backbones(BACKBONE, ['random', str(path)])

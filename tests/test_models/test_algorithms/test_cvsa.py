# Copyright (c) mmloc contributors. All rights reserved.
"""CVSA: BYOL's loss unchanged plus the symmetrised alignment loss, whose
gradient trains the online backbone and projector and never the target."""
import torch
import torch.nn as nn
from mmengine.registry import DefaultScope
from mmpretrain.structures import DataSample

from mmloc.registry import MODELS

NECK = dict(
    type='NonLinearNeck',
    in_channels=512,
    hid_channels=32,
    out_channels=16,
    num_layers=2,
    with_bias=True,
    with_last_bn=False,
    with_avg_pool=True,
    norm_cfg=dict(type='BN1d'))
HEAD = dict(
    type='LatentPredictHead',
    predictor=dict(
        NECK, in_channels=16, out_channels=16, with_avg_pool=False),
    loss=dict(type='CosineSimilarityLoss'))


def _build(**align) -> nn.Module:
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(
            dict(
                type='CVSA',
                backbone=dict(type='ResNet', depth=18,
                              norm_cfg=dict(type='BN')),
                neck=NECK,
                head=HEAD,
                align_head=dict(type='CVSAHead', **align))).train()


def _batch(n: int = 4, size: int = 64):
    gen = torch.Generator().manual_seed(0)
    inputs = [torch.randn(n, 3, size, size, generator=gen) for _ in range(2)]
    samples = []
    for _ in range(n):
        saliency = torch.zeros(2, 1, size, size)
        saliency[0, :, :size // 2, :size // 2] = 1
        saliency[1, :, size // 4:, size // 4:] = 1
        samples.append(DataSample(saliency=saliency))
    return inputs, samples


def test_losses_are_byol_plus_weighted_alignment():
    torch.manual_seed(0)
    model = _build(loss_weight=0.5)
    inputs, samples = _batch()
    losses = model.loss(inputs, samples)
    assert set(losses) == {'loss_cont', 'loss_align'}
    # BYOL's 2 x (two -cos terms) lies in [-4, 4]; a BCE is > 0
    assert -4 <= losses['loss_cont'] <= 4 and losses['loss_align'] > 0
    # the alignment term is the head's, symmetrised, on the online outputs
    feats = [model.backbone(x)[-1] for x in inputs]
    proj = [model.neck((f, ))[0] for f in feats]
    local = [model.project_locations(f) for f in feats]
    sal = [torch.stack([s.saliency[v] for s in samples]) for v in range(2)]
    expected = 0.5 * (
        model.align_head.loss(proj[0], local[1], sal[1]) +
        model.align_head.loss(proj[1], local[0], sal[0]))
    torch.testing.assert_close(losses['loss_align'], expected)


def test_project_locations_is_the_projector_per_cell():
    """A location's projection is the projector applied to that location's
    vector alone: check with BN in eval mode (no batch coupling)."""
    model = _build().eval()
    feats = torch.randn(2, 512, 3, 3)
    local = model.project_locations(feats)
    assert local.shape == (2, 16, 3, 3)
    cell = feats[1, :, 2, 0][None, :, None, None]
    torch.testing.assert_close(local[1, :, 2, 0], model.neck((cell, ))[0][0])


def test_alignment_gradient_reaches_online_not_target():
    model = _build()
    inputs, samples = _batch()
    model.loss(inputs, samples)['loss_align'].backward()
    assert model.backbone.conv1.weight.grad.abs().sum() > 0
    assert model.neck.fc0.weight.grad.abs().sum() > 0
    assert model.align_head.log_scale.grad is not None
    # the predictor is BYOL's alone; the target has no gradient at all
    assert model.head.predictor.fc0.weight.grad is None
    assert all(p.grad is None for p in model.target_net.parameters())

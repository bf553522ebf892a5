# Copyright (c) mmloc contributors. All rights reserved.
"""DetConB / DetConS: one mask draw per view shared by both branches, the
loss on the right tensors, draws reproducible per iteration, and clear
errors for configurations that would silently train something else."""
import pytest
import torch
import torch.nn as nn
from mmengine.logging import MessageHub
from mmengine.registry import DefaultScope
from mmpretrain.structures import DataSample

from mmloc.models.algorithms import add_cast
from mmloc.models.algorithms.detcon import base as detcon_base
from mmloc.models.algorithms.detcon import step_generator
from mmloc.models.losses import detcon_loss
from mmloc.registry import MODELS

BACKBONE = dict(type='ResNet', depth=18, norm_cfg=dict(type='BN'))
NECK = dict(
    type='DetConNeck',
    in_channels=512,
    hid_channels=16,
    out_channels=8,
    norm_cfg=dict(type='BN1d'))
PREDICTOR = dict(
    type='NonLinearNeck',
    in_channels=8,
    hid_channels=12,
    out_channels=8,
    with_bias=True,
    with_last_bn=False,
    with_avg_pool=False,
    norm_cfg=dict(type='BN1d'))


def _build(cfg: dict) -> nn.Module:
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(cfg)


def _detconb(**kwargs) -> nn.Module:
    return _build(
        dict(
            type='DetConB',
            backbone=BACKBONE,
            neck=NECK,
            head=dict(
                type='DetConHead',
                predictor=PREDICTOR,
                loss=dict(type='DetConLoss')),
            **kwargs)).train()


def _detcons(gather_with_grad: bool = True, **kwargs) -> nn.Module:
    return _build(
        dict(
            type='DetConS',
            backbone=BACKBONE,
            neck=NECK,
            head=dict(
                type='DetConHead',
                loss=dict(
                    type='DetConLoss', gather_with_grad=gather_with_grad)),
            **kwargs)).train()


def _batch(n: int = 2, size: int = 64):
    """Two views of ``n`` random images, each with a few rectangles of
    ids."""
    gen = torch.Generator().manual_seed(0)
    inputs = [torch.randn(n, 3, size, size, generator=gen) for _ in range(2)]
    samples = []
    for i in range(n):
        segments = torch.zeros(2, size, size, dtype=torch.long)
        segments[0, :, size // 2 - 8 * i:] = 1
        segments[1, size // 2:, :] = 2
        segments[1, :size // 2, size // 2 + 8:] = 3
        samples.append(DataSample(segments=segments))
    return inputs, samples


def _record_draws(model: nn.Module) -> list:
    """The ``(masks, ids)`` of every ``draw_masks`` call of ``model``."""
    draws = []
    draw_masks = model.draw_masks

    def record_draw(*args):
        draws.append(draw_masks(*args))
        return draws[-1]

    model.draw_masks = record_draw
    return draws


def test_detconb_uses_the_same_masks_and_ids_for_both_branches(
        recording_loss):
    """Each view's masks are drawn once: the online and the target neck pool
    the same masks, and the loss gets the drawn ids for both branches."""
    model = _detconb(num_samples=5)
    draws = _record_draws(model)
    pooled = {'online': [], 'target': []}
    model.neck.register_forward_pre_hook(
        lambda module, args: pooled['online'].append(args[1]))
    model.target_net.module[1].register_forward_pre_hook(
        lambda module, args: pooled['target'].append(args[1]))
    model.head.loss_module = recording_loss()

    inputs, samples = _batch()
    with torch.no_grad():
        model.loss(inputs, samples)

    assert len(draws) == 2  # one draw per view
    assert [m.shape for m, _ in draws] == [(2, 5, 2, 2)] * 2
    for view in range(2):
        assert pooled['online'][view] is draws[view][0]
        assert pooled['target'][view] is draws[view][0]
    (call, ) = model.head.loss_module.calls
    ids_a, ids_b = call[4:]
    assert ids_a is draws[0][1] and ids_b is draws[1][1]
    # the loss module's target ids default to these (one draw per view)
    assert len(call) == 6


def test_detcons_loss_is_detcon_loss_of_its_projections():
    """One backbone pass over both views; the loss is detcon_loss with the
    projections as predictions and targets, and the drawn ids."""
    model = _detcons(num_samples=6)
    inputs, samples = _batch(n=3)
    draws = _record_draws(model)
    proj = []
    model.neck.register_forward_hook(lambda m, a, out: proj.append(out))
    loss = model.loss(inputs, samples)['loss']
    (masks, ids), = draws  # one draw over the 2 x 3 stacked views
    assert masks.shape == (6, 6, 2, 2)
    (z, ) = proj
    z_a, z_b = z.chunk(2)
    ids_a, ids_b = ids.chunk(2)
    expected = detcon_loss(z_a, z_b, z_a, z_b, ids_a, ids_b, ids_a, ids_b,
                           0.1, True)
    torch.testing.assert_close(loss, expected)
    # both sides train: the gradient reaches the backbone through both
    loss.backward()
    assert model.backbone.conv1.weight.grad.abs().sum() > 0


def test_detcons_refuses_a_stop_gradient_loss():
    with pytest.raises(ValueError, match='gather_with_grad=True'):
        _detcons(gather_with_grad=False)


def test_cast_refuses_detcon():
    """DetConB is a BYOL subclass with its own loss: BYOL's CAST adapter
    would wrap the wrong loss, so add_cast says so."""
    with pytest.raises(TypeError, match='DetConB'):
        add_cast(_detconb())


def test_missing_segments_name_the_fix():
    inputs, _ = _batch()
    with pytest.raises(KeyError, match='LoadSegments'):
        _detconb().loss(inputs, [DataSample(), DataSample()])


def test_step_generator_follows_seed_iteration_and_rank(monkeypatch):
    """Draws depend on (seed, iteration, rank): the same triple gives the
    same draws (what makes --resume exact), another iteration or another
    process others; outside a runner (no iteration) the global generator is
    used."""
    hub = MessageHub.get_instance('test_step_generator')
    torch.manual_seed(7)

    def draw(iteration):
        hub.update_info('iter', iteration)
        gen = step_generator(torch.device('cpu'))
        return torch.randint(0, 2**30, (8, ), generator=gen)

    try:
        first, again, other = draw(3), draw(3), draw(4)
        assert torch.equal(first, again) and not torch.equal(first, other)
        torch.manual_seed(8)
        assert not torch.equal(draw(3), first)
        torch.manual_seed(7)
        monkeypatch.setattr(detcon_base, 'get_rank', lambda: 1)
        assert not torch.equal(draw(3), first)
    finally:
        # the current instance is the newest one: leave it without 'iter'
        hub.runtime_info.pop('iter', None)
    assert step_generator(torch.device('cpu')) is None

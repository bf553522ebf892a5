# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's head: the predictor applied per view to the N x S mask vectors,
then the contrastive detection loss."""
import torch
import torch.nn as nn
from mmengine.registry import DefaultScope

from mmloc.models.heads import DetConHead
from mmloc.models.losses import detcon_loss
from mmloc.registry import MODELS

N, S, D = 3, 4, 6
PREDICTOR = dict(
    type='NonLinearNeck',
    in_channels=D,
    hid_channels=12,
    out_channels=D,
    with_bias=True,
    with_last_bn=False,
    with_avg_pool=False,
    norm_cfg=dict(type='BN1d'))


def _build(cfg: dict) -> nn.Module:
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(cfg)


def _inputs(seed: int):
    gen = torch.Generator().manual_seed(seed)
    vectors = [torch.randn(N, S, D, generator=gen) for _ in range(4)]
    ids = [torch.randint(3, (N, S), generator=gen) for _ in range(2)]
    return vectors, ids


def test_predictor_is_applied_per_view_to_all_mask_vectors():
    head = _build(
        dict(
            type='DetConHead',
            predictor=PREDICTOR,
            loss=dict(type='DetConLoss', temperature=0.2)))
    assert isinstance(head, DetConHead)
    head.train()
    shapes = []
    head.predictor.register_forward_pre_hook(
        lambda module, args: shapes.append(tuple(args[0][0].shape)))
    (online_a, online_b, target_a, target_b), (ids_a, ids_b) = _inputs(0)
    loss = head.loss(online_a, online_b, target_a, target_b, ids_a, ids_b)
    # one call per view, on the (N * S, D) vectors
    assert shapes == [(N * S, D), (N * S, D)]

    def predict(x):
        return head.predictor((x.reshape(N * S, D), ))[0].view(N, S, D)

    pred_a, pred_b = predict(online_a), predict(online_b)
    expected = detcon_loss(pred_a, pred_b, target_a, target_b, ids_a, ids_b,
                           ids_a, ids_b, 0.2)
    torch.testing.assert_close(loss, expected)
    # BN statistics per view: both views through the predictor at once
    # would give another loss
    joint = head.predictor(
        (torch.cat([online_a, online_b]).reshape(2 * N * S,
                                                 D), ))[0].view(2 * N, S, D)
    other = detcon_loss(joint[:N], joint[N:], target_a, target_b, ids_a, ids_b,
                        ids_a, ids_b, 0.2)
    assert not torch.allclose(loss, other)
    # the gradient reaches the predictor and the online vectors only
    online_a.requires_grad_()
    target_a.requires_grad_()
    head.loss(online_a, online_b, target_a, target_b, ids_a, ids_b).backward()
    assert head.predictor.fc0.weight.grad.abs().sum() > 0
    assert online_a.grad.abs().sum() > 0
    assert target_a.grad is None


def test_loss_receives_predictions_targets_and_shared_ids(recording_loss):
    head = _build(
        dict(
            type='DetConHead',
            predictor=PREDICTOR,
            loss=dict(type='DetConLoss')))
    head.loss_module = recording_loss()
    (online_a, online_b, target_a, target_b), (ids_a, ids_b) = _inputs(1)
    head.loss(online_a, online_b, target_a, target_b, ids_a, ids_b)
    (pred_a, pred_b, got_ta, got_tb, got_ia, got_ib), = head.loss_module.calls
    assert pred_a.shape == pred_b.shape == (N, S, D)
    assert not torch.allclose(pred_a, online_a)
    assert got_ta is target_a and got_tb is target_b
    assert got_ia is ids_a and got_ib is ids_b


def test_without_predictor_the_loss_is_on_the_projections():
    head = _build(
        dict(
            type='DetConHead',
            loss=dict(
                type='DetConLoss', temperature=0.3, gather_with_grad=True)))
    assert head.predictor is None
    (proj_a, proj_b, _, _), (ids_a, ids_b) = _inputs(2)
    assert head.predict_masks(proj_a) is proj_a
    # DetConS: the projections are both predictions and targets
    torch.testing.assert_close(
        head.loss(proj_a, proj_b, proj_a, proj_b, ids_a, ids_b),
        detcon_loss(proj_a, proj_b, proj_a, proj_b, ids_a, ids_b, ids_a, ids_b,
                    0.3, True))

# Copyright (c) mmloc contributors. All rights reserved.
"""Repeated mask vectors through the MLPs once (``unique_rows`` /
``mlp_rows``), and the speed-ups of the sampling being exact: each against
the implementation it replaced, copied here as the reference."""
import copy

import torch
import torch.nn as nn
from mmengine.registry import DefaultScope

from mmloc.models.utils.sample_masks import cell_index
from mmloc.models.utils.mask_pool import mask_pool
from mmloc.models.utils.sample_masks import grid_masks, sample_masks
from mmloc.models.utils.unique_rows import mlp_rows, unique_rows
from mmloc.registry import MODELS


def _build(cfg: dict) -> nn.Module:
    with DefaultScope.overwrite_default_scope('mmloc'):
        return MODELS.build(cfg)


def _mlp(in_channels=6, last_bn=False, seed=1) -> nn.Module:
    mlp = _build(
        dict(
            type='NonLinearNeck',
            in_channels=in_channels,
            hid_channels=10,
            out_channels=4,
            num_layers=3,
            with_bias=True,
            with_last_bn=last_bn,
            with_avg_pool=False,
            norm_cfg=dict(type='BN1d')))
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in mlp.parameters():
            p.copy_(torch.randn(p.shape, generator=gen))
    return mlp.train()


def _repeated_rows(n=3, s=5, c=6, seed=0):
    """``(n, s, c)`` with repeats within images (and one row equal across
    images, which must not be merged with it)."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, s, c, generator=gen)
    x[0, 3] = x[0, 1]
    x[0, 4] = x[0, 1]
    x[1, 2] = x[1, 0]
    x[2, 0] = x[1, 0]  # same vector in another image
    return x


def test_unique_rows_by_hand():
    x = _repeated_rows()
    rep, inv = unique_rows(x)
    assert rep.tolist() == [0, 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14]
    assert inv.tolist() == [0, 1, 2, 1, 1, 3, 4, 3, 5, 6, 7, 8, 9, 10, 11]
    flat = x.flatten(0, 1)
    assert torch.equal(flat[rep][inv], flat)
    rep, inv = unique_rows(torch.tensor([[3, 3, 1, 3], [2, 2, 2, 2]])[...,
                                                                       None])
    assert rep.tolist() == [0, 2, 4]
    assert inv.tolist() == [0, 0, 1, 0, 2, 2, 2, 2]


def _close(a, b, tol=1e-5):
    """Equal up to float32 rounding: ``|a - b| <= tol * |b|`` (norms)."""
    assert (a - b).norm() <= tol * b.norm(), ((a - b).norm(), b.norm())


def _check_same_as_full(mlp, x):
    """Output, BN running statistics and gradients equal to the full MLP."""
    full = copy.deepcopy(mlp)
    rows = x.flatten(0, 1).clone().requires_grad_()
    rows_full = rows.detach().clone().requires_grad_()
    rep, inv = unique_rows(x)
    out = mlp_rows(mlp, rows, rep, inv)
    expected = full((rows_full, ))[0]
    torch.testing.assert_close(out, expected, rtol=1e-6, atol=1e-6)
    for b, b_full in zip(mlp.buffers(), full.buffers()):
        torch.testing.assert_close(b, b_full, rtol=1e-6, atol=1e-6)
    weights = torch.randn(out.shape,
                          generator=torch.Generator().manual_seed(3))
    (out * weights).sum().backward()
    (expected * weights).sum().backward()
    # repeats share their gradient differently (the distinct row gets it
    # all), with the same sum over each group of repeats
    def per_group(grad):
        return torch.zeros(rep.numel(), grad.shape[1]).index_add_(0, inv, grad)

    _close(per_group(rows.grad), per_group(rows_full.grad))
    for (name, p), p_full in zip(mlp.named_parameters(), full.parameters()):
        # fc biases before a BN have a gradient of 0 up to rounding
        if not (name.startswith('fc') and 'bias' in name):
            _close(p.grad, p_full.grad)
        torch.testing.assert_close(p.grad, p_full.grad, rtol=0, atol=1e-4)


def test_mlp_rows_equals_the_full_mlp():
    _check_same_as_full(_mlp(), _repeated_rows())
    _check_same_as_full(_mlp(last_bn=True), _repeated_rows(seed=4))


def test_mlp_rows_runs_the_linears_on_distinct_rows_only():
    mlp = _mlp()
    x = _repeated_rows()
    seen = {}
    for name in ('fc0', 'fc1', 'bn0', 'bn1'):
        getattr(mlp, name).register_forward_pre_hook(
            lambda m, args, name=name: seen.update({name: args[0].shape[0]})
            and None)
    rep, inv = unique_rows(x)
    mlp_rows(mlp, x.flatten(0, 1), rep, inv)
    assert seen == dict(fc0=12, fc1=12, bn0=15, bn1=15)


def test_mlp_rows_falls_back_when_merged_rows_differ():
    """Rows merged by ``rep`` / ``inv`` that are not equal: the full MLP."""
    mlp = _mlp()
    x = _repeated_rows()
    rep, inv = unique_rows(torch.zeros(3, 5, 1))  # merges everything
    out = mlp_rows(mlp, x.flatten(0, 1), rep, inv)
    expected = copy.deepcopy(mlp)((x.flatten(0, 1), ))[0]
    torch.testing.assert_close(out, expected)


def _neck():
    neck = _build(
        dict(
            type='DetConNeck',
            in_channels=8,
            hid_channels=16,
            out_channels=4,
            norm_cfg=dict(type='BN1d')))
    gen = torch.Generator().manual_seed(2)
    with torch.no_grad():
        for p in neck.parameters():
            p.copy_(torch.randn(p.shape, generator=gen))
    return neck.train()


def test_detcon_neck_equals_pooling_then_the_full_mlp():
    """The neck before the change: mask_pool, then ``NonLinearNeck`` on
    all ``N x S`` vectors (repeated draws of sample_masks included)."""
    from mmpretrain.models.necks import NonLinearNeck
    neck = _neck()
    old = copy.deepcopy(neck)
    gen = torch.Generator().manual_seed(0)
    segments = torch.randint(5, (4, 16, 16), generator=gen)
    masks, ids = sample_masks(segments, 8, (4, 4), gen)
    assert len({tuple(r) for r in ids.tolist()}) < ids.numel()  # repeats
    feats = torch.randn(4, 8, 4, 4, generator=gen, requires_grad=True)
    feats_old = feats.detach().clone().requires_grad_()
    out = neck(feats, masks)
    pooled = mask_pool(feats_old, masks)
    expected = NonLinearNeck.forward(old,
                                     (pooled.flatten(0, 1), ))[0].view(4, 8, 4)
    torch.testing.assert_close(out, expected, rtol=1e-6, atol=1e-6)
    out.square().sum().backward()
    expected.square().sum().backward()
    _close(feats.grad, feats_old.grad)
    _close(neck.fc0.weight.grad, old.fc0.weight.grad)
    _close(neck.fc1.weight.grad, old.fc1.weight.grad)
    torch.testing.assert_close(neck.bn0.running_var, old.bn0.running_var)


def test_detcon_head_predictor_on_repeated_projections():
    head = _build(
        dict(
            type='DetConHead',
            predictor=dict(
                type='NonLinearNeck',
                in_channels=6,
                hid_channels=12,
                out_channels=6,
                with_avg_pool=False,
                norm_cfg=dict(type='BN1d')),
            loss=dict(type='DetConLoss', temperature=0.2))).train()
    old = copy.deepcopy(head)
    x = _repeated_rows()
    ids = torch.tensor([[0, 1, 2, 1, 1], [0, 3, 0, 4, 5], [7, 8, 9, 10, 11]])
    out = head.predict_masks(x, ids)
    expected = old.predictor((x.flatten(0, 1), ))[0].view(3, 5, 6)
    torch.testing.assert_close(out, expected, rtol=1e-6, atol=1e-6)


def _grid_masks_before(segments, grid):
    """grid_masks as it was (torch.unique, one int64 expression)."""
    n, height, width = segments.shape
    h, w = grid
    ids, local = torch.unique(segments, return_inverse=True)
    k = ids.numel()
    rows = cell_index(height, h, segments.device)
    cols = cell_index(width, w, segments.device)
    cell = (rows[:, None] * w + cols[None, :]).expand(n, height, width)
    image = torch.arange(n, device=segments.device)[:, None, None]
    flat = (image * (h * w) + cell) * k + local
    counts = torch.bincount(flat.flatten(), minlength=n * h * w * k)
    winner = counts.view(n, h * w, k).argmax(dim=2)
    onehot = torch.zeros(n, k, h * w, dtype=torch.bool)
    onehot.scatter_(1, winner[:, None], True)
    return onehot.view(n, k, h, w), ids


def test_grid_masks_equals_the_sort_based_version():
    gen = torch.Generator().manual_seed(0)
    cases = [
        torch.randint(6, (3, 12, 12), generator=gen),
        torch.randint(6, (3, 12, 12), generator=gen) * 7 + 100,  # gaps
        torch.randint(-5, 5, (2, 9, 9), generator=gen),  # negative ids
        torch.randint(2**40, (2, 8, 8), generator=gen),  # sparse: sort
        torch.randint(60000, (2, 20, 20), generator=gen).int(),
        torch.randint(200, (2, 10, 10), generator=gen).to(torch.uint8),
        torch.full((2, 8, 8), 3),
    ]
    for seg in cases:
        for grid in ((2, 2), (3, 3), (4, 4)):
            onehot, ids = grid_masks(seg, grid)
            onehot_ref, ids_ref = _grid_masks_before(seg, grid)
            assert ids.dtype == ids_ref.dtype
            assert torch.equal(ids, ids_ref)
            assert torch.equal(onehot, onehot_ref)

# Copyright (c) mmloc contributors. All rights reserved.
"""DetCon's projection neck: pooled mask vectors through mmpretrain's
NonLinearNeck MLP, BN over all N x S vectors (mask pooling itself:
tests/test_models/test_utils/test_mask_pool.py)."""
import inspect

import torch
import torch.nn as nn
from mmengine.registry import DefaultScope

from mmloc.models.necks import DetConNeck
from mmloc.registry import MODELS


def _small_neck() -> DetConNeck:
    with DefaultScope.overwrite_default_scope('mmloc'):
        neck = MODELS.build(
            dict(
                type='DetConNeck',
                in_channels=6,
                hid_channels=10,
                out_channels=4,
                norm_cfg=dict(type='BN1d')))
    # a BN affine other than (1, 0), so that it is checked too
    gen = torch.Generator().manual_seed(1)
    with torch.no_grad():
        neck.bn0.weight.copy_(torch.rand(10, generator=gen) + 0.5)
        neck.bn0.bias.copy_(torch.randn(10, generator=gen))
    return neck.train()


def test_neck_is_mask_pooling_then_the_mlp(pool_by_hand, random_masks):
    """fc0 -> bn0 (batch statistics over all N * S vectors) -> relu -> fc1
    on the hand-pooled vectors, flattened in (image, mask) order."""
    neck = _small_neck()
    gen = torch.Generator().manual_seed(0)
    feats = torch.randn(3, 6, 4, 4, generator=gen)
    masks = random_masks(3, 5, 4, 4, gen)
    masks[2, 4] = 0
    masks[2, 4, 0, 0] = 1
    out = neck(feats, masks)
    assert out.shape == (3, 5, 4)

    x = pool_by_hand(feats, masks).reshape(15, 6)
    w0, b0 = neck.fc0.weight.double(), neck.fc0.bias.double()
    hid = x @ w0.T + b0
    mean = hid.mean(0)
    var = hid.var(0, unbiased=False)
    gamma, beta = neck.bn0.weight.double(), neck.bn0.bias.double()
    normed = (hid - mean) / torch.sqrt(var + neck.bn0.eps) * gamma + beta
    expected = torch.relu(normed) @ neck.fc1.weight.double().T
    torch.testing.assert_close(
        out.double(), expected.view(3, 5, 4), rtol=1e-5, atol=1e-5)

    # the running statistics saw the same N * S = 15 vectors (momentum 0.1
    # from mean 0 and variance 1; the running variance is unbiased)
    torch.testing.assert_close(
        neck.bn0.running_mean.double(), 0.1 * mean, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(
        neck.bn0.running_var.double(),
        0.9 + 0.1 * hid.var(0, unbiased=True),
        rtol=1e-5,
        atol=1e-6)

    # statistics per image would give another result
    per_image = hid.view(3, 5, 10)
    per_image = (per_image - per_image.mean(1, keepdim=True)) / torch.sqrt(
        per_image.var(1, unbiased=False, keepdim=True) + neck.bn0.eps)
    other = torch.relu(per_image * gamma + beta) @ neck.fc1.weight.double().T
    assert not torch.allclose(out.double(), other, atol=1e-3)


def test_neck_takes_the_last_stage_of_a_tuple(random_masks):
    neck = _small_neck()
    gen = torch.Generator().manual_seed(2)
    feats = torch.randn(2, 6, 3, 3, generator=gen)
    masks = random_masks(2, 4, 3, 3, gen)
    earlier = torch.randn(2, 3, 6, 6, generator=gen)
    torch.testing.assert_close(
        neck((earlier, feats), masks), neck(feats, masks))
    torch.testing.assert_close(neck([feats], masks), neck(feats, masks))


def test_default_architecture_is_the_reference_projector():
    """Linear(2048, 4096) + bias, BN, ReLU, Linear(4096, 256) without bias,
    no BN after it, no global pooling; SyncBN by default."""
    default_norm = inspect.signature(DetConNeck).parameters['norm_cfg']
    assert default_norm.default == dict(type='SyncBN')
    neck = DetConNeck(norm_cfg=dict(type='BN1d'))
    assert not neck.with_avg_pool and not hasattr(neck, 'avgpool')
    assert isinstance(neck.fc0, nn.Linear)
    assert (neck.fc0.in_features, neck.fc0.out_features) == (2048, 4096)
    assert neck.fc0.bias is not None
    assert isinstance(neck.bn0, nn.BatchNorm1d)
    assert neck.bn0.num_features == 4096
    assert neck.fc_names == ['fc1'] and neck.bn_names == [None]
    assert (neck.fc1.in_features, neck.fc1.out_features) == (4096, 256)
    assert neck.fc1.bias is None
    assert not hasattr(neck, 'bn1') and not hasattr(neck, 'fc2')
    feats = torch.randn(2, 2048, 2, 2)
    masks = torch.zeros(2, 3, 2, 2)
    masks[:, 0, 0] = 1
    masks[:, 1, 1] = 1
    masks[:, 2] = 1
    assert neck(feats, masks).shape == (2, 3, 256)

# Copyright (c) mmloc contributors. All rights reserved.
import copy
from types import SimpleNamespace
from unittest.mock import MagicMock

import torch
from mmpretrain.models import ResNet

from mmloc.engine import ChannelsLastHook


def _runner(model):
    return SimpleNamespace(model=model, logger=MagicMock())


def test_weights_become_channels_last_in_place():
    torch.manual_seed(0)
    model = ResNet(depth=18, base_channels=16, stem_channels=16)
    params = list(model.parameters())
    optimizer = torch.optim.SGD(params, lr=0.1)
    ChannelsLastHook().before_train(_runner(model))
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert convs and all(
        c.weight.is_contiguous(memory_format=torch.channels_last)
        for c in convs)
    # (a 1 x 1 kernel is both; a 3 x 3 one only NHWC)
    assert not model.layer1[0].conv1.weight.is_contiguous()
    # the optimizer built before the hook still holds the model's tensors
    assert [id(p) for p in model.parameters()] == [id(p) for p in params]
    assert optimizer.param_groups[0]['params'][0] is params[0]


def test_outputs_and_gradients_unchanged():
    """Only the layout changes: an NCHW input through the converted model
    gives the contiguous model's outputs and weight gradients (up to the
    kernels' summation order), and a state dict loads across layouts."""
    torch.manual_seed(0)
    ref = ResNet(depth=18, base_channels=16, stem_channels=16)
    model = copy.deepcopy(ref)
    ChannelsLastHook().before_train(_runner(model))
    x = torch.randn(2, 3, 64, 64)
    out_ref, out = ref(x)[-1], model(x)[-1]
    assert out.is_contiguous(memory_format=torch.channels_last)
    torch.testing.assert_close(out, out_ref, rtol=1e-3, atol=1e-4)
    out_ref.square().sum().backward()
    out.square().sum().backward()
    # the squared loss amplifies the summation-order noise; compare the
    # gradient as a whole
    grad, grad_ref = model.conv1.weight.grad, ref.conv1.weight.grad
    assert (grad - grad_ref).norm() / grad_ref.norm() < 1e-3
    fresh = ResNet(depth=18, base_channels=16, stem_channels=16)
    fresh.load_state_dict(model.state_dict())
    torch.testing.assert_close(fresh.conv1.weight, ref.conv1.weight)

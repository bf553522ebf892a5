# Copyright (c) mmloc contributors. All rights reserved.
"""find_stage and OutputCapture (forward hooks that record activations)."""
import pytest
import torch
import torch.nn as nn

from mmloc.models.utils.capture import OutputCapture, find_stage


class _Pair(nn.Module):
    """Returns ``(2 * x, 'extra')``: a tuple output."""

    def forward(self, x):
        return 2 * x, 'extra'


class _Net(nn.Module):

    def __init__(self) -> None:
        super().__init__()
        self.lin = nn.Linear(2, 2, bias=False)
        self.pair = _Pair()
        self.block = nn.Sequential(nn.Identity(), nn.ReLU())
        with torch.no_grad():
            self.lin.weight.copy_(torch.tensor([[1., 2.], [3., -4.]]))

    def forward(self, x):
        y, _ = self.pair(self.lin(x))
        return self.block(y)


def test_find_stage_returns_named_and_nested_modules():
    net = _Net()
    assert find_stage(net, 'lin') is net.lin
    assert find_stage(net, 'block.1') is net.block[1]


@pytest.mark.parametrize('stage', ['layer4', '', 'block.7'])
def test_find_stage_names_the_stages_it_has(stage):
    with pytest.raises(ValueError) as info:
        find_stage(_Net(), stage)
    assert str(info.value) == (f"_Net has no stage {stage!r}; its stages are "
                               "['lin', 'pair', 'block']")


def test_capture_records_each_call_and_first_element_of_tuples():
    net = _Net()
    x1 = torch.tensor([[1., 1.]])
    x2 = torch.tensor([[0., -1.]])
    with OutputCapture(lin=net.lin, pair=net.pair) as cap:
        net(x1)
        net(x2)
    # lin: W x = [1 + 2, 3 - 4], then [-2, 4]; pair doubles it
    torch.testing.assert_close(
        cap.outputs['lin'],
        [torch.tensor([[3., -1.]]),
         torch.tensor([[-2., 4.]])])
    torch.testing.assert_close(
        cap.outputs['pair'],
        [torch.tensor([[6., -2.]]),
         torch.tensor([[-4., 8.]])])


def test_hooks_are_removed_on_exit_even_after_an_error():
    net = _Net()
    with OutputCapture(lin=net.lin) as cap:
        net(torch.ones(1, 2))
    net(torch.ones(1, 2))
    assert len(cap.outputs['lin']) == 1
    assert not net.lin._forward_hooks
    with pytest.raises(RuntimeError, match='boom'):
        with OutputCapture(lin=net.lin):
            raise RuntimeError('boom')
    assert not net.lin._forward_hooks


def test_captured_activations_keep_their_graph():
    """A loss on the captured tensor backpropagates into the model."""
    net = _Net()
    x = torch.tensor([[1., 1.]])
    with OutputCapture(feats=net.lin) as cap:
        net(x)
    feats = cap.outputs['feats'][0]
    assert feats.requires_grad
    feats.sum().backward()
    # d sum(W x) / d W = x for every row
    torch.testing.assert_close(net.lin.weight.grad, torch.ones(2, 2))


def test_nothing_is_recorded_outside_the_context():
    net = _Net()
    cap = OutputCapture(lin=net.lin)
    net(torch.ones(1, 2))
    assert cap.outputs == {'lin': []}

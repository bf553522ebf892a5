# Copyright (c) mmloc contributors. All rights reserved.
"""concat_all_gather: one process, and 2 gloo processes (forked) whose
gathered tensor and gradients are checked against hand-built ones."""

import torch
import torch.distributed as dist

from mmloc.models.utils import concat_all_gather

B, D = 2, 3


def _local(rank: int) -> torch.Tensor:
    """Rank ``rank``'s ``(B, D)`` tensor: ``100 * rank + 0 .. B * D - 1``."""
    return (torch.arange(B * D, dtype=torch.float32) + 100 * rank).view(B, D)


def _weights(rank: int) -> torch.Tensor:
    """The ``(2B, D)`` weights of rank ``rank``'s loss on the gathered
    tensor: different on each rank, so the summed gradient is checkable."""
    gen = torch.Generator().manual_seed(rank)
    return torch.randn(2 * B, D, generator=gen)


def test_one_process_returns_the_tensor():
    assert not dist.is_initialized()
    x = torch.randn(B, D, requires_grad=True)
    assert concat_all_gather(x, with_grad=True) is x
    out = concat_all_gather(x)
    assert not out.requires_grad
    assert out.data_ptr() == x.data_ptr()  # detached, not copied
    torch.testing.assert_close(out, x.detach())


def _rank_body(rank: int, folder: str) -> dict:
    out = {}
    x = _local(rank).requires_grad_()
    plain = concat_all_gather(x)
    out['plain'] = plain
    out['plain_requires_grad'] = plain.requires_grad
    gathered = concat_all_gather(x, with_grad=True)
    out['with_grad'] = gathered.detach()
    (gathered * _weights(rank)).sum().backward()
    out['grad'] = x.grad
    return out


def test_two_processes_concatenate_in_rank_order_and_sum_gradients(run_gloo):
    """Both ranks get ``cat([x_0, x_1])``; with the gradient, rank ``r``'s
    ``x_r.grad`` is the sum over both ranks' losses of their gradient for
    rows ``r * B .. (r + 1) * B`` (here: the sum of both weight slices),
    not only its own loss's."""
    ranks = run_gloo(_rank_body)

    expected = torch.cat([_local(0), _local(1)])
    weights = _weights(0) + _weights(1)
    for r, out in enumerate(ranks):
        torch.testing.assert_close(out['plain'], expected)
        assert not out['plain_requires_grad']
        torch.testing.assert_close(out['with_grad'], expected)
        rows = slice(r * B, (r + 1) * B)
        torch.testing.assert_close(out['grad'], weights[rows])
        # the local loss alone would give only this rank's weights
        assert not torch.allclose(out['grad'], _weights(r)[rows])

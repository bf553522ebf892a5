# Copyright (c) mmloc contributors. All rights reserved.
"""concat_all_gather: one process, and 2 gloo processes (forked) whose
gathered tensor and gradients are checked against hand-built ones."""
import multiprocessing
import os
import socket
import traceback

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


def _worker(rank: int, port: int, folder: str) -> None:
    try:
        torch.set_num_threads(1)  # no OpenMP pool after the fork
        dist.init_process_group(
            'gloo',
            rank=rank,
            world_size=2,
            init_method=f'tcp://127.0.0.1:{port}')
        out = {}
        x = _local(rank).requires_grad_()
        plain = concat_all_gather(x)
        out['plain'] = plain
        out['plain_requires_grad'] = plain.requires_grad
        gathered = concat_all_gather(x, with_grad=True)
        out['with_grad'] = gathered.detach()
        (gathered * _weights(rank)).sum().backward()
        out['grad'] = x.grad
        torch.save(out, os.path.join(folder, f'rank{rank}.pt'))
        dist.barrier()
        dist.destroy_process_group()
    except BaseException:
        with open(os.path.join(folder, f'error{rank}.txt'), 'w') as f:
            f.write(traceback.format_exc())
        raise


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def test_two_processes_concatenate_in_rank_order_and_sum_gradients(tmp_path):
    """Both ranks get ``cat([x_0, x_1])``; with the gradient, rank ``r``'s
    ``x_r.grad`` is the sum over both ranks' losses of their gradient for
    rows ``r * B .. (r + 1) * B`` (here: the sum of both weight slices),
    not only its own loss's."""
    context = multiprocessing.get_context('fork')
    port = _free_port()
    procs = [
        context.Process(target=_worker, args=(rank, port, str(tmp_path)))
        for rank in range(2)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=60)
    for rank, proc in enumerate(procs):
        if proc.is_alive():
            proc.kill()
            proc.join()
        error = tmp_path / f'error{rank}.txt'
        log = error.read_text() if error.exists() else ''
        assert proc.exitcode == 0, f'rank {rank}: {proc.exitcode}\n{log}'
    ranks = [torch.load(tmp_path / f'rank{r}.pt') for r in range(2)]

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

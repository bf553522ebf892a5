# Copyright (c) mmloc contributors. All rights reserved.
import multiprocessing
import os
import socket
import traceback
from pathlib import Path
from typing import Callable, Dict, List

import pytest
import torch
import torch.distributed as dist
import torch.nn as nn


class RecordingLoss(nn.Module):
    """A loss module that records its arguments and returns 0."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = []

    def forward(self, *args) -> torch.Tensor:
        self.calls.append(args)
        return torch.zeros(())


@pytest.fixture
def recording_loss() -> Callable[[], RecordingLoss]:
    """``recording_loss()``: a new :class:`RecordingLoss`."""
    return RecordingLoss


def _pool_by_hand(feats: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """``(N, S, C)`` float64 mean of ``feats`` over each binary mask's
    cells, zeros for an empty mask."""
    n, c, h, w = feats.shape
    s = masks.shape[1]
    out = torch.zeros(n, s, c, dtype=torch.float64)
    for b in range(n):
        for k in range(s):
            cells = [(i, j) for i in range(h) for j in range(w)
                     if masks[b, k, i, j] > 0]
            for i, j in cells:
                out[b, k] += feats[b, :, i, j].double()
            if cells:
                out[b, k] /= len(cells)
    return out


def _random_masks(n: int, s: int, h: int, w: int,
                  gen: torch.Generator) -> torch.Tensor:
    return (torch.rand(n, s, h, w, generator=gen) < 0.4).float()


@pytest.fixture
def pool_by_hand() -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """``pool_by_hand(feats, masks)``: mask pooling by loops (float64)."""
    return _pool_by_hand


@pytest.fixture
def random_masks() -> Callable[..., torch.Tensor]:
    """``random_masks(n, s, h, w, gen)``: binary float masks, each cell on
    with probability 0.4."""
    return _random_masks


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _gloo_rank(body: Callable[[int, str], Dict], rank: int, world_size: int,
               port: int, folder: str) -> None:
    """One forked rank: join the gloo group, run ``body(rank, folder)``,
    save its dict to ``folder/rank{rank}.pt`` (a traceback to
    ``folder/error{rank}.txt``)."""
    try:
        torch.set_num_threads(1)  # no OpenMP pool after the fork
        dist.init_process_group(
            'gloo',
            rank=rank,
            world_size=world_size,
            init_method=f'tcp://127.0.0.1:{port}')
        torch.save(body(rank, folder), os.path.join(folder, f'rank{rank}.pt'))
        dist.barrier()
        dist.destroy_process_group()
    except BaseException:
        with open(os.path.join(folder, f'error{rank}.txt'), 'w') as f:
            f.write(traceback.format_exc())
        raise


@pytest.fixture
def run_gloo(tmp_path: Path) -> Callable[..., List[Dict]]:
    """``run_gloo(body, world_size=2)``: ``body(rank, folder) -> dict`` in
    ``world_size`` forked gloo processes sharing ``folder`` (``tmp_path``);
    returns each rank's dict, or fails with a rank's traceback. Forked, not
    spawned: the workers start with everything imported (a spawned one
    spends ~10 s importing mmpretrain)."""

    def run(body: Callable[[int, str], Dict],
            world_size: int = 2,
            timeout: float = 60) -> List[Dict]:
        context = multiprocessing.get_context('fork')
        port = _free_port()
        procs = [
            context.Process(
                target=_gloo_rank,
                args=(body, rank, world_size, port, str(tmp_path)))
            for rank in range(world_size)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=timeout)
        for rank, proc in enumerate(procs):
            if proc.is_alive():
                proc.kill()
                proc.join()
            error = tmp_path / f'error{rank}.txt'
            log = error.read_text() if error.exists() else ''
            assert proc.exitcode == 0, f'rank {rank}: {proc.exitcode}\n{log}'
        return [
            torch.load(tmp_path / f'rank{r}.pt') for r in range(world_size)
        ]

    return run

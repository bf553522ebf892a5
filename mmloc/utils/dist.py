# Copyright (c) mmloc contributors. All rights reserved.
"""Distributed training on CPU-only machines (gloo)."""
import gc
import os

import torch
import torch.distributed as torch_dist
from mmengine.config import Config


def setup_cpu_distributed(cfg: Config) -> None:
    """Make a ``--launcher pytorch`` run work without a GPU.

    mmengine 0.10.7's ``init_dist`` calls ``torch.cuda.set_device`` and its
    DDP wrapper passes ``device_ids=[LOCAL_RANK]``, both of which fail for a
    CPU model. Here the process group is initialised with gloo from the
    launcher's environment (mmengine then sees it initialised and skips its
    own), and DDP gets ``device_ids=None`` as torch requires for CPU modules.

    Args:
        cfg (Config): The run's config, modified in place.
    """
    missing = [k for k in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')
               if k not in os.environ]
    if missing:
        raise RuntimeError(
            f'--launcher pytorch needs {missing} in the environment; start '
            'the run with tools/dist_train.sh (torchrun).')
    # merge_from_dict, not setdefault: ConfigDict.setdefault stores a copy of
    # the default, so a write into the returned dict would be lost.
    cfg.merge_from_dict({'env_cfg.dist_cfg.backend': 'gloo'})
    # Same defaults as mmengine's wrap_model when no wrapper is configured.
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel',
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
    if not torch_dist.is_initialized():
        torch_dist.init_process_group(backend='gloo')


def needs_cpu_distributed(launcher: str) -> bool:
    """Whether a ``--launcher pytorch`` run has no GPU and needs gloo.

    Slurm and MPI runs are left to mmengine, which expects GPUs there.
    """
    return launcher == 'pytorch' and not torch.cuda.is_available()


def teardown_distributed() -> None:
    """Shut the default process group down before the interpreter exits.

    A gloo group left to Python's shutdown can abort a rank that finished
    its work (``terminate called without an active exception``: C++ threads
    of the group or of a DDP reducer still referencing it are destroyed
    after the interpreter), and the launcher then reports a failure. Here
    every rank first waits for the others (no collective is left in
    flight), the objects that hold the group (the runner's DDP model: drop
    the runner before calling this) are collected, then the group is
    destroyed.
    """
    if not (torch_dist.is_available() and torch_dist.is_initialized()):
        return
    torch_dist.barrier()
    gc.collect()
    torch_dist.destroy_process_group()

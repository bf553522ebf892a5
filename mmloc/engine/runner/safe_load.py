# Copyright (c) mmloc contributors. All rights reserved.
"""Loading mmengine checkpoints under torch >= 2.6.

torch >= 2.6 loads with ``weights_only=True`` by default, and mmengine
0.10.7's ``load_from_local`` does not pass ``weights_only``. An mmengine
checkpoint carries its message hub: ``HistoryBuffer`` objects whose pickled
state holds numpy arrays and the buffer's statistics methods, which protocol
2 pickles as ``getattr(HistoryBuffer, 'mean')``. The restricted unpickler
rejects all of these, so ``resume=True`` fails.

Two narrow measures, nothing global:

* numpy arrays / scalars / dtypes and ``HistoryBuffer`` are allow-listed with
  ``torch.serialization.add_safe_globals`` (enough for checkpoints that carry
  numpy values but no message hub). ``getattr`` is *not* allow-listed: with
  it a crafted file could reach arbitrary attributes.
* checkpoints the user vouches for (the run's own checkpoint when resuming,
  a checkpoint named on an mmloc tool's command line) are registered with
  :func:`trust_checkpoint`, and mmloc's local loader opens exactly those
  paths with an explicit ``weights_only=False``. Every other path — a
  ``load_from`` or ``init_cfg`` pretrained file from elsewhere — keeps
  torch's safe default.
"""
import os.path as osp
from typing import List, Optional, Set, Union

import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from mmengine.runner.checkpoint import CheckpointLoader, _load_checkpoint

_TRUSTED: Set[str] = set()


def mmengine_checkpoint_globals() -> List[object]:
    """The numpy / mmengine classes allow-listed for ``weights_only`` loads."""
    # The functions numpy itself pickles arrays and scalars with; asking
    # numpy avoids naming its private module (numpy.core vs numpy._core).
    reconstruct = np.zeros(1).__reduce__()[0]
    scalar = np.float64(0).__reduce__()[0]
    safe = [HistoryBuffer, np.ndarray, np.dtype, reconstruct, scalar]
    # numpy >= 1.25 pickles each dtype by its own class (Float64DType, ...).
    dtypes = getattr(np, 'dtypes', None)
    if dtypes is not None:
        safe += [
            getattr(dtypes, name) for name in dir(dtypes)
            if name.endswith('DType')
        ]
    return safe


def allow_mmengine_checkpoints() -> None:
    """Allow-list :func:`mmengine_checkpoint_globals` for ``torch.load``.

    Idempotent; a no-op on torch versions without ``add_safe_globals``.
    """
    add = getattr(torch.serialization, 'add_safe_globals', None)
    if add is not None:
        add(mmengine_checkpoint_globals())


def trust_checkpoint(path: str) -> None:
    """Let mmloc's local loader open ``path`` with ``weights_only=False``.

    Only for files the user vouches for: the run's own checkpoints, or a
    file named explicitly on the command line of an mmloc tool.
    """
    _TRUSTED.add(osp.realpath(osp.expanduser(path)))


def is_trusted(path: str) -> bool:
    """Whether :func:`trust_checkpoint` was called for ``path``."""
    return osp.realpath(osp.expanduser(path)) in _TRUSTED


def load_trusted_checkpoint(path: str,
                            map_location: Union[str, None] = 'cpu') -> dict:
    """Trust ``path`` and load it with mmengine's checkpoint loader.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: naming ``path``, when it is not a file ``torch.load``
            reads (another format, empty, cut short).
    """
    trust_checkpoint(path)
    try:
        return _load_checkpoint(path, map_location=map_location)
    except FileNotFoundError:
        raise
    except Exception as e:  # unpickling, zip and EOF errors alike
        raise ValueError(f'{path}: not a PyTorch checkpoint '
                         f'({type(e).__name__}: {e})') from e


@CheckpointLoader.register_scheme(prefixes='', force=True)
def load_from_local(filename: str,
                    map_location: Optional[Union[str, torch.device]] = None
                    ) -> dict:
    """mmengine's local-file loader, with ``weights_only=False`` for trusted
    paths only (see the module docstring)."""
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    if is_trusted(filename):
        return torch.load(
            filename, map_location=map_location, weights_only=False)
    return torch.load(filename, map_location=map_location)

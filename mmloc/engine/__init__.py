# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc's runner fixes (imported with ``mmloc``) and hooks (imported on
first use).

The runner part is light and must be in place before any ``Runner``
checkpoints: mmengine's checkpoints load under torch >= 2.6 and the
``atomic_local`` file backend is registered. The hooks pull in
``mmpretrain.engine`` and through it ``mmpretrain.models``, which imports
mmdet (about 3 s); they are imported by ``HOOKS`` on the first lookup of a
hook in the ``mmloc`` scope (its ``locations``), or on first access to a
hook name here, so ``import mmloc`` does not pay for them.
"""
import importlib
from typing import Any

from .runner import *  # noqa: F401,F403
from .runner import allow_mmengine_checkpoints

allow_mmengine_checkpoints()

_HOOK_NAMES = ('CASTHook', 'ChannelsLastHook', 'CheckInvalidLossHook',
               'KNNMonitorHook', 'PriorFallbackHook')


def __getattr__(name: str) -> Any:
    """PEP 562: ``from mmloc.engine import CASTHook`` imports the hooks."""
    if name in _HOOK_NAMES or name == 'hooks':
        # not ``from . import hooks``: its fromlist check would call this
        # function again before the submodule is bound
        hooks = importlib.import_module(f'{__name__}.hooks')
        return hooks if name == 'hooks' else getattr(hooks, name)
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')

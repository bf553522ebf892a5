# Copyright (c) mmloc contributors. All rights reserved.
"""A local file backend whose writes are atomic.

mmengine's ``LocalBackend.put`` opens the final path and writes into it, so
a run killed while saving leaves a truncated ``iter_N.pth`` that the next
``--resume`` trips over. ``AtomicLocalBackend`` writes to a temporary file in
the same directory, fsyncs it and ``os.replace``-s it onto the target: the
target is either the old file or the complete new one, never half of it.

Select it where mmengine accepts ``backend_args``, e.g.
``default_hooks.checkpoint.backend_args = dict(backend='atomic_local')``.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio import LocalBackend, register_backend

from mmloc.utils.fileio import atomic_write


@register_backend('atomic_local')
class AtomicLocalBackend(LocalBackend):
    """:class:`mmengine.fileio.LocalBackend` with atomic ``put``/``put_text``."""

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        atomic_write(obj, filepath)

    def put_text(self,
                 obj: str,
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
        atomic_write(obj, filepath, encoding=encoding)

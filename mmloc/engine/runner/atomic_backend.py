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
import os
import os.path as osp
import tempfile
from pathlib import Path
from typing import Union

import mmengine
from mmengine.fileio import LocalBackend, register_backend


def atomic_write(data: Union[bytes, str],
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
    """Write ``data`` to ``filepath`` atomically (temporary file + rename).

    Args:
        data (bytes | str): Content; ``str`` is encoded with ``encoding``.
        filepath (str | Path): Destination; its directory is created.
        encoding (str): Encoding for ``str`` data. Defaults to 'utf-8'.
    """
    filepath = str(filepath)
    dirname = osp.dirname(osp.abspath(filepath))
    mmengine.mkdir_or_exist(dirname)
    if isinstance(data, str):
        data = data.encode(encoding)
    fd, tmp = tempfile.mkstemp(
        prefix=f'.{osp.basename(filepath)}.', suffix='.tmp', dir=dirname)
    try:
        with os.fdopen(fd, 'wb') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, filepath)
    except BaseException:
        # Also on KeyboardInterrupt: never leave the temporary file behind.
        if osp.exists(tmp):
            os.remove(tmp)
        raise


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

# Copyright (c) mmloc contributors. All rights reserved.
"""Atomic file writes: a killed process never leaves half a file behind."""
import os
import os.path as osp
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Union


@contextmanager
def atomic_open(path: Union[str, Path], mode: str = 'w') -> Iterator[Any]:
    """Open a temporary file that replaces ``path`` once closed without error.

    The temporary file lives in the target's folder (so ``os.replace`` is an
    atomic rename on the same file system) and is fsynced before the
    rename: after a crash the target is the old file or the new one, whole.

    Args:
        path (str | Path): Final path; its folder is created if needed.
        mode (str): ``'w'`` (text, UTF-8) or ``'wb'``.
    """
    path = str(path)
    folder = osp.dirname(osp.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=folder, prefix=f'.{osp.basename(path)}.', suffix='.tmp')
    try:
        encoding = None if 'b' in mode else 'utf-8'
        with os.fdopen(fd, mode, encoding=encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates 0600 files; outputs should read like any other.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        # Also on KeyboardInterrupt: never leave the temporary file behind.
        if osp.exists(tmp):
            os.remove(tmp)
        if isinstance(e, OSError) and path not in str(e):
            # e.g. a full disk: say which file could not be written
            raise OSError(e.errno, f'{path}: not written, the previous '
                          f'version (if any) is kept ({e.strerror or e})'
                          ) from e
        raise


def atomic_write(data: Union[bytes, str],
                 path: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_open`)."""
    if isinstance(data, str):
        data = data.encode(encoding)
    with atomic_open(path, 'wb') as f:
        f.write(data)


class UnwritableDirError(OSError):
    """A run's output folder that cannot be created or written."""


def check_writable_dir(path: Union[str, Path]) -> None:
    """Create ``path`` if needed and write a probe file in it, so that a
    run learns at its start, not at its first checkpoint, that it cannot
    keep its work.

    Raises:
        UnwritableDirError: naming ``path`` and the system's reason.
    """
    try:
        os.makedirs(path, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as e:
        raise UnwritableDirError(f'{path}: cannot write the work dir there '
                                 f'({e.strerror or e})') from e

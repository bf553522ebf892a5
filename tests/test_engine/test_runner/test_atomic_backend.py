# Copyright (c) mmloc contributors. All rights reserved.
from mmengine.fileio import get_file_backend

import mmloc  # noqa: F401
from mmloc.engine import AtomicLocalBackend


def test_backend_is_selectable_by_name(tmp_path):
    backend = get_file_backend(
        str(tmp_path), backend_args=dict(backend='atomic_local'))
    assert isinstance(backend, AtomicLocalBackend)
    backend.put(b'abc', tmp_path / 'sub' / 'a.bin')
    backend.put_text('xyz', tmp_path / 'b.txt')
    assert (tmp_path / 'sub' / 'a.bin').read_bytes() == b'abc'
    assert (tmp_path / 'b.txt').read_text() == 'xyz'

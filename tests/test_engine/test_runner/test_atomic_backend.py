# Copyright (c) mmloc contributors. All rights reserved.
import os

import pytest
from mmengine.fileio import get_file_backend

import mmloc  # noqa: F401
from mmloc.engine import AtomicLocalBackend, atomic_write


def test_backend_is_selectable_by_name(tmp_path):
    backend = get_file_backend(
        str(tmp_path), backend_args=dict(backend='atomic_local'))
    assert isinstance(backend, AtomicLocalBackend)
    backend.put(b'abc', tmp_path / 'sub' / 'a.bin')
    backend.put_text('xyz', tmp_path / 'b.txt')
    assert (tmp_path / 'sub' / 'a.bin').read_bytes() == b'abc'
    assert (tmp_path / 'b.txt').read_text() == 'xyz'


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / 'iter_2.pth'
    target.write_bytes(b'old complete checkpoint')

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the run is killed before the rename

    monkeypatch.setattr(os, 'replace', killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(b'new checkpoint', target)
    assert target.read_bytes() == b'old complete checkpoint'
    assert sorted(p.name for p in tmp_path.iterdir()) == ['iter_2.pth']

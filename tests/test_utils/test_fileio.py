# Copyright (c) mmloc contributors. All rights reserved.
import os

import pytest

from mmloc.utils import atomic_open, atomic_write


def test_atomic_write_creates_folders_and_content(tmp_path):
    atomic_write(b'abc', tmp_path / 'a' / 'b.bin')
    atomic_write('xyz', tmp_path / 'c.txt')
    assert (tmp_path / 'a' / 'b.bin').read_bytes() == b'abc'
    assert (tmp_path / 'c.txt').read_text() == 'xyz'
    assert oct(os.stat(tmp_path / 'c.txt').st_mode & 0o777) == oct(0o644)


def test_failure_inside_keeps_the_old_file(tmp_path):
    path = tmp_path / 'ann.txt'
    atomic_write('old\n', path)
    with pytest.raises(RuntimeError):
        with atomic_open(path) as f:
            f.write('half a fi')
            raise RuntimeError('killed')
    assert path.read_text() == 'old\n'
    assert os.listdir(tmp_path) == ['ann.txt']


def test_kill_before_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / 'iter_2.pth'
    target.write_bytes(b'old complete checkpoint')

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, 'replace', killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(b'new checkpoint', target)
    assert target.read_bytes() == b'old complete checkpoint'
    assert os.listdir(tmp_path) == ['iter_2.pth']


def test_check_writable_dir(tmp_path):
    from mmloc.utils.fileio import UnwritableDirError, check_writable_dir
    check_writable_dir(tmp_path / 'a' / 'b')  # created
    assert (tmp_path / 'a' / 'b').is_dir()
    assert list((tmp_path / 'a' / 'b').iterdir()) == []  # probe removed
    (tmp_path / 'file').write_text('x')
    with pytest.raises(UnwritableDirError) as e:
        check_writable_dir(tmp_path / 'file' / 'sub')
    assert str(e.value) == (f'{tmp_path / "file" / "sub"}: cannot write the '
                            'work dir there (Not a directory)')


def test_disk_full_names_the_file_and_keeps_the_old_one(tmp_path,
                                                       monkeypatch):
    import errno
    target = tmp_path / 'iter_2.pth'
    target.write_bytes(b'old complete checkpoint')

    def full(fd):
        raise OSError(errno.ENOSPC, 'No space left on device')

    monkeypatch.setattr(os, 'fsync', full)
    with pytest.raises(OSError) as e:
        atomic_write(b'new checkpoint', target)
    assert e.value.errno == errno.ENOSPC
    assert str(e.value) == (f'[Errno 28] {target}: not written, the '
                            'previous version (if any) is kept (No space '
                            'left on device)')
    assert target.read_bytes() == b'old complete checkpoint'
    assert os.listdir(tmp_path) == ['iter_2.pth']

# Copyright (c) mmloc contributors. All rights reserved.
import pytest

from mmloc.utils.cli import run_cli


def test_input_errors_become_one_line(capsys, monkeypatch):
    monkeypatch.delenv('MMLOC_DEBUG', raising=False)

    def bad():
        raise ValueError('x.pth: not a PyTorch checkpoint')

    assert run_cli(bad) == 1
    assert capsys.readouterr().err == (
        'error: x.pth: not a PyTorch checkpoint\n')
    assert run_cli(lambda: None) == 0
    assert run_cli(lambda: 3) == 3


def test_other_errors_and_debug_keep_the_traceback(monkeypatch):

    def bug():
        raise TypeError('a bug')

    with pytest.raises(TypeError):
        run_cli(bug)
    monkeypatch.setenv('MMLOC_DEBUG', '1')
    with pytest.raises(FileNotFoundError):
        run_cli(lambda: open('/no/such/file'))

# Copyright (c) mmloc contributors. All rights reserved.
"""The machine line of the benchmark scripts, on faked system facts."""
import io

import pytest

from mmloc.utils import machine

CPUINFO = ('processor\t: 0\n'
           'vendor_id\t: GenuineIntel\n'
           'model name\t:  Fake CPU: v2 @ 2.00GHz  \n'
           'processor\t: 1\n'
           'model name\t: Other CPU\n')


def _cpuinfo(text):

    def fake_open(path, *args, **kwargs):
        assert path == '/proc/cpuinfo'
        return io.StringIO(text)

    return fake_open


def test_cpu_name_is_the_first_model_name(monkeypatch):
    """Everything after the first colon, stripped (a name may contain
    colons)."""
    monkeypatch.setattr(machine, 'open', _cpuinfo(CPUINFO), raising=False)
    assert machine.cpu_name() == 'Fake CPU: v2 @ 2.00GHz'


@pytest.mark.parametrize('processor, expected', [('arm', 'arm'),
                                                 ('', 'aarch64')])
def test_cpu_name_falls_back_to_platform(monkeypatch, processor, expected):
    monkeypatch.setattr(machine.platform, 'processor', lambda: processor)
    monkeypatch.setattr(machine.platform, 'machine', lambda: 'aarch64')
    # no "model name" line (some ARM kernels)
    monkeypatch.setattr(
        machine, 'open', _cpuinfo('processor\t: 0\n'), raising=False)
    assert machine.cpu_name() == expected

    def unreadable(path, *args, **kwargs):
        raise FileNotFoundError(path)  # no /proc (macOS)

    monkeypatch.setattr(machine, 'open', unreadable, raising=False)
    assert machine.cpu_name() == expected


def test_machine_line(monkeypatch):
    monkeypatch.setattr(machine, 'cpu_name', lambda: 'Fake CPU')
    monkeypatch.setattr(machine.os, 'cpu_count', lambda: 8)
    monkeypatch.setattr(machine.platform, 'python_version', lambda: '3.11.4')
    assert machine.machine_line() == \
        'machine: Fake CPU, 8 cores, Python 3.11.4'

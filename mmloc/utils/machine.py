# Copyright (c) mmloc contributors. All rights reserved.
"""A one-line description of the machine, printed by benchmark scripts."""
import os
import platform


def cpu_name() -> str:
    """The CPU model from ``/proc/cpuinfo`` (or what ``platform`` knows)."""
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line() -> str:
    """``'machine: <cpu>, <n> cores, Python x.y.z'``."""
    return (f'machine: {cpu_name()}, {os.cpu_count()} cores, '
            f'Python {platform.python_version()}')

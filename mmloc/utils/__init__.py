# Copyright (c) mmloc contributors. All rights reserved.
from .dist import (needs_cpu_distributed, setup_cpu_distributed,
                   teardown_distributed)
from .fileio import atomic_open, atomic_write
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'needs_cpu_distributed', 'setup_cpu_distributed',
    'teardown_distributed', 'atomic_open', 'atomic_write'
]

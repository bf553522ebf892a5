# Copyright (c) mmloc contributors. All rights reserved.
from .dist import needs_cpu_distributed, setup_cpu_distributed
from .setup_env import register_all_modules

__all__ = [
    'register_all_modules', 'needs_cpu_distributed', 'setup_cpu_distributed'
]

# Copyright (c) mmloc contributors. All rights reserved.
from .cast import add_cast

__all__ = ['add_cast']

# Copyright (c) mmloc contributors. All rights reserved.
import mmpretrain.datasets  # noqa: F401

# Copyright (c) mmloc contributors. All rights reserved.
import mmpretrain.visualization  # noqa: F401

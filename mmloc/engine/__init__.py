# Copyright (c) mmloc contributors. All rights reserved.
# mmpretrain's hooks / optimizers are the fallback of mmloc's registries.
import mmpretrain.engine  # noqa: F401

from .hooks import *  # noqa: F401,F403
from .runner import *  # noqa: F401,F403
from .runner import allow_mmengine_checkpoints

# Resuming must work wherever mmloc is imported (tools/train.py, or mmdet /
# mmseg via ``custom_imports``), so the allow-list is registered on import.
allow_mmengine_checkpoints()

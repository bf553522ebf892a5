# Copyright (c) mmloc contributors. All rights reserved.
from .atomic_backend import AtomicLocalBackend
from .resume import (find_resumable_checkpoint, is_complete_checkpoint,
                     prepare_resume)
from .safe_load import (allow_mmengine_checkpoints, is_trusted,
                        load_trusted_checkpoint, mmengine_checkpoint_globals,
                        trust_checkpoint)

__all__ = [
    'AtomicLocalBackend', 'find_resumable_checkpoint',
    'is_complete_checkpoint', 'prepare_resume', 'allow_mmengine_checkpoints',
    'is_trusted', 'load_trusted_checkpoint', 'mmengine_checkpoint_globals',
    'trust_checkpoint'
]

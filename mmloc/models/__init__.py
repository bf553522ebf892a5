# Copyright (c) mmloc contributors. All rights reserved.
# mmpretrain's models are the fallback of mmloc's MODELS registry; importing
# them here makes ``mmloc.models`` the single place a config's models live.
import mmpretrain.models  # noqa: F401

from .algorithms import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .utils import *  # noqa: F401,F403

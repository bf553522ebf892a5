# Copyright (c) mmloc contributors. All rights reserved.
import mmpretrain.evaluation  # noqa: F401

from .backbone_extraction import (ExtractionReport,
                                  extract_backbone_checkpoint, split_backbone)
from .backbone_loading import (backbone_state_dict, build_backbones,
                               load_backbone)
from .feature_extraction import extract_features
from .functional import *  # noqa: F401,F403
from .grounding import cls_cam, ssl_cam, ssl_embedding
from .metrics import *  # noqa: F401,F403

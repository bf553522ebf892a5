# Copyright (c) mmloc contributors. All rights reserved.
from .degrade import (best_match_miou, count_vanished, degrade_mask,
                      degrade_tree, file_seed, mask_iou)
from .fh_segments import fh_file, fh_segments
from .offline import RunStats, list_images, output_path, run_offline

__all__ = ['fh_segments', 'fh_file', 'RunStats', 'list_images',
           'output_path', 'run_offline', 'degrade_mask', 'degrade_tree',
           'mask_iou', 'best_match_miou', 'count_vanished', 'file_seed']

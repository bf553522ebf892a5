# Copyright (c) mmloc contributors. All rights reserved.
from .fh_segments import fh_file, fh_segments
from .offline import RunStats, list_images, output_path, run_offline

__all__ = ['fh_segments', 'fh_file', 'RunStats', 'list_images',
           'output_path', 'run_offline']

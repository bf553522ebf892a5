# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc: localization-aware self-supervised pretraining for OpenMMLab."""
import mmcv
import mmengine
import mmpretrain
from mmengine.utils import digit_version

from .version import __version__, version_info

# (minimum inclusive, maximum exclusive); mmdet 3.3 / mmseg 1.2 cap mmcv.
_REQUIRED = {
    'mmcv': (mmcv, '2.0.0', '2.2.0'),
    'mmengine': (mmengine, '0.10.0', '1.0.0'),
    'mmpretrain': (mmpretrain, '1.2.0', '2.0.0'),
}


def _check_versions() -> None:
    for name, (module, low, high) in _REQUIRED.items():
        version = digit_version(module.__version__)
        if not digit_version(low) <= version < digit_version(high):
            raise ImportError(
                f'{name}=={module.__version__} is installed, but mmloc '
                f'{__version__} needs {name}>={low},<{high}. Install the '
                'pinned stack with `make install` (see requirements/).')


_check_versions()

from . import engine  # noqa: E402,F401  (resume fix, atomic backend, hooks)

__all__ = ['__version__', 'version_info']

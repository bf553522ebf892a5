# Copyright (c) mmloc contributors. All rights reserved.
"""mmloc: localization-aware self-supervised pretraining for OpenMMLab."""
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version

from mmengine.utils import digit_version

from .version import __version__, version_info

# (minimum inclusive, maximum exclusive); mmdet 3.3 / mmseg 1.2 cap mmcv.
_REQUIRED = {
    'mmcv': ('2.0.0', '2.2.0'),
    'mmengine': ('0.10.0', '1.0.0'),
    'mmpretrain': ('1.2.0', '2.0.0'),
}


def _check_versions() -> None:
    # the installed metadata, not ``module.__version__``: importing mmcv
    # for its version would import torch, cv2 and its image ops (~1 s)
    for name, (low, high) in _REQUIRED.items():
        try:
            found = installed_version(name)
        except PackageNotFoundError:
            raise ImportError(f'mmloc {__version__} needs {name}>={low},'
                              f'<{high}, which is not installed. Install the '
                              'pinned stack with `make install`.') from None
        if not digit_version(low) <= digit_version(found) < digit_version(
                high):
            raise ImportError(
                f'{name}=={found} is installed, but mmloc '
                f'{__version__} needs {name}>={low},<{high}. Install the '
                'pinned stack with `make install` (see requirements/).')


_check_versions()

from . import engine  # noqa: E402,F401  (resume fix, atomic backend, hooks)

__all__ = ['__version__', 'version_info']

# Copyright (c) mmloc contributors. All rights reserved.
import datetime
import warnings

from mmengine import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every mmloc module so its components are registered.

    Args:
        init_default_scope (bool): Also make ``'mmloc'`` the current default
            scope (a new instance is created when another scope is current).
            Defaults to True.
    """
    import mmloc.datasets  # noqa: F401,F811
    import mmloc.engine  # noqa: F401,F811
    import mmloc.evaluation  # noqa: F401,F811
    import mmloc.models  # noqa: F401,F811
    import mmloc.visualization  # noqa: F401,F811

    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None or not DefaultScope.check_instance_created('mmloc'):
        DefaultScope.get_instance('mmloc', scope_name='mmloc')
    elif current.scope_name != 'mmloc':
        warnings.warn(f'The current default scope "{current.scope_name}" '
                      'is not "mmloc"; creating a new mmloc scope.')
        stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S%f')
        DefaultScope.get_instance(f'mmloc-{stamp}', scope_name='mmloc')

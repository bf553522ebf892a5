# Copyright (c) mmloc contributors. All rights reserved.
"""A misspelled ``type`` in a config, said in one line with suggestions.

mmengine raises ``KeyError("NAME is not in the SCOPE::REGISTRY registry.
...")`` from deep inside the runner (a transform is built when the
dataloader is, at the start of training), wrapped in the classes that were
being built around it. :func:`explain_registry_error` turns it into one
line: the name, the registry and scope searched, and the closest
registered names of that registry and its parents.
"""
import difflib
import re
from typing import Iterable, List, Optional

from mmengine.registry import Registry

_PATTERN = re.compile(r'`?([\w.]+)`? is not in the (\w+)::(\w+) registry')


def _registries() -> Iterable[Registry]:
    import mmloc.registry as mine
    for value in vars(mine).values():
        node = value if isinstance(value, Registry) else None
        while node is not None:
            yield node
            node = node.parent


def registered_names(scope: str, name: str) -> List[str]:
    """Names reachable from the ``scope::name`` registry (its own and its
    parents'), as a config in that scope can use them."""
    for registry in _registries():
        if registry.scope == scope and registry.name == name:
            names, node = set(), registry
            while node is not None:
                names.update(node.module_dict)
                node = node.parent
            return sorted(names)
    return []


def explain_registry_error(error: BaseException) -> Optional[str]:
    """One line for a "not in the registry" error, or ``None`` for any
    other error."""
    found = _PATTERN.search(str(error))
    if not found:
        return None
    name, scope, registry = found.groups()
    close = difflib.get_close_matches(
        name, registered_names(scope, registry), n=3, cutoff=0.6)
    hint = f'; did you mean {" / ".join(close)}?' if close else ''
    return (f'type "{name}" is not registered in the {scope}::{registry} '
            f'registry (nor its parents){hint}')

# Copyright (c) mmloc contributors. All rights reserved.
"""``--cfg-options`` keys checked against the config before they merge.

mmengine merges ``--cfg-options modle.backbone.depth=18`` by silently adding
a ``modle`` key that nothing reads: the run trains with the config's depth.
:func:`check_cfg_options` refuses a key whose path leaves the config before
its last part, and a new last key that is one typo away from an existing
one (``depht`` next to ``depth``); a genuinely new last key (a keyword the
config does not set yet) is allowed and reported.
"""
import difflib
from typing import Any, List, Mapping

_MISSING = object()


class CfgOptionError(ValueError):
    """A ``--cfg-options`` key the config cannot have meant."""


def _child(node: Any, part: str) -> Any:
    if isinstance(node, Mapping):
        return node.get(part, _MISSING)
    if isinstance(node, (list, tuple)) and part.lstrip('-').isdigit():
        index = int(part)
        return node[index] if -len(node) <= index < len(node) else _MISSING
    return _MISSING


def _close(word: str, node: Any) -> List[str]:
    keys = list(node) if isinstance(node, Mapping) else []
    return difflib.get_close_matches(word, keys, n=3, cutoff=0.75)


def check_cfg_options(cfg: Mapping, options: Mapping) -> List[str]:
    """Check each dotted key of ``options`` against ``cfg``.

    Returns:
        list[str]: one line per key that adds a new last key.

    Raises:
        CfgOptionError: naming the key, the first part the config lacks and
            the closest existing keys.
    """
    if hasattr(cfg, 'to_dict'):  # an mmengine Config
        cfg = cfg.to_dict()
    notes = []
    for key in options:
        parts = key.split('.')
        node = cfg
        for depth, part in enumerate(parts):
            child = _child(node, part)
            if child is not _MISSING:
                node = child
                continue
            where = '.'.join(parts[:depth]) or 'the config'
            close = _close(part, node)
            hint = f'; did you mean {" / ".join(close)}?' if close else ''
            if depth < len(parts) - 1 or close:
                raise CfgOptionError(f'--cfg-options {key}: {where} has no '
                                     f'"{part}"{hint}')
            notes.append(f'--cfg-options {key}: adds "{part}" to {where} '
                         '(not set in the config)')
            break
    return notes

# Copyright (c) mmloc contributors. All rights reserved.
"""One-line errors for the command-line tools."""
import os
import sys
from typing import Callable, Optional

#: what a user's input can raise: a file that is missing or not what the
#: tool needs (mmloc's loaders raise these with the path in the message)
INPUT_ERRORS = (FileNotFoundError, ValueError)


def run_cli(main: Callable[[], Optional[int]]) -> int:
    """Run a tool's ``main``; an input error becomes ``error: MESSAGE`` on
    stderr and exit code 1 instead of a traceback (``MMLOC_DEBUG=1`` keeps
    the traceback). Returns ``main``'s exit code (0 for ``None``)."""
    try:
        return main() or 0
    except INPUT_ERRORS as e:
        if os.environ.get('MMLOC_DEBUG'):
            raise
        print(f'error: {e}', file=sys.stderr)
        return 1

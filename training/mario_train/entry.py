"""The one way a recipe script ends: its exit code, or one clear line and exit 2 for bad input (no traceback)."""

import sys
from typing import Callable


def run(main: Callable[[], int]) -> None:
    try:
        sys.exit(main())
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)

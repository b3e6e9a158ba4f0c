"""The `histtui` command and `python -m histtui`: the command line of cli.py, loaded with
the cycle collector off."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from histtui.app import HistTUI


def run(app_type: type[HistTUI] | None = None) -> None:
    """Run histtui (as `app_type`, a HistTUI by default) and exit with its status.

    Loading histtui's modules makes some ten thousand objects that live as long as it does
    (classes, functions, their tables), and the cycle collector would scan them again and
    again while they load: about a quarter of their import time (docs/performance.md). It
    is off while they load, and they are frozen out of its way; cli.main keeps it off
    through the guide's load and the first frame.
    """
    gc.disable()
    try:
        from histtui.cli import main
    finally:
        gc.freeze()
        gc.enable()
    sys.exit(main(app_type=app_type))


if __name__ == "__main__":
    run()

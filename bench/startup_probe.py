"""Off unless a benchmark asks: the time from a launcher's clock to the first frame written.

`bench/run.py` starts histtui (through bench/probed_histtui.py) and the bare app with
`HISTTUI_BENCH_T0` set to its own `time.perf_counter()` (a system-wide monotonic clock on
Linux, macOS and Windows, so two processes can compare readings) and `HISTTUI_BENCH_OUT`
naming a file. Both apps stop the clock at the same event: Textual's `App.post_display_hook`
(public, "called immediately after a display is done"), the first time it runs while the
screen being timed is the one shown and no batch update is holding frames back, which is
after `App._display` has handed that frame's bytes to the driver and flushed it. The
seconds since T0 are appended to the file and the app exits. Without `HISTTUI_BENCH_T0`
(always, for students) nothing happens.
"""

from __future__ import annotations

import os
import time
from typing import Any

from textual.app import App
from textual.screen import Screen

T0 = "HISTTUI_BENCH_T0"
OUT = "HISTTUI_BENCH_OUT"


def armed() -> bool:
    """Whether a benchmark asked for the first frame to be timed."""
    return os.environ.get(T0) is not None


def frame_written(app: App[Any], screen: Screen[Any] | None) -> bool:
    """Call from `post_display_hook`: if `screen` is the one shown, report and exit.

    Returns whether the clock stopped (it stops once: the app is exiting after that).
    """
    start = os.environ.get(T0)
    if start is None or screen is None or app.screen is not screen:
        return False
    if app._batch_count:
        # Textual calls the hook for a frame it held back too (a batch update, as while it
        # starts): nothing reached the terminal. histtui's first overview frame was one
        # until its sixth round (docs/performance.md), and this row read low.
        return False
    elapsed = time.perf_counter() - float(start)
    with open(os.environ[OUT], "a", encoding="utf-8") as out:
        out.write(f"{elapsed:.6f}\n")
    app.exit()
    return True

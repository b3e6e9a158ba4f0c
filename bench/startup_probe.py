"""Off unless a benchmark asks: the time from a launcher's clock to the first real paint.

`bench/run.py` starts histtui (through bench/probed_histtui.py) with `HISTTUI_BENCH_T0` set
to its own `time.perf_counter()` (a system-wide monotonic clock on Linux, macOS and Windows,
so two processes can compare readings) and `HISTTUI_BENCH_OUT` naming a file. The app then,
after the overview has been painted with the student's progress filled in, appends the
seconds since T0 to that file and exits. Without `HISTTUI_BENCH_T0` (always, for students)
`arm` does nothing.
"""

from __future__ import annotations

import os
import time
from typing import Any

from textual.screen import Screen

T0 = "HISTTUI_BENCH_T0"
OUT = "HISTTUI_BENCH_OUT"


def arm(screen: Screen[Any]) -> None:
    """If a benchmark asked, report `screen`'s first paint after its mount, then exit.

    Call it right after pushing the screen: the screen handles the request after its own
    `on_mount` has filled it in, and the callback runs once that content has been painted.
    """
    start = os.environ.get(T0)
    if start is None:
        return

    def painted() -> None:
        elapsed = time.perf_counter() - float(start)
        with open(os.environ[OUT], "a", encoding="utf-8") as out:
            out.write(f"{elapsed:.6f}\n")
        screen.app.exit()

    screen.call_after_refresh(painted)

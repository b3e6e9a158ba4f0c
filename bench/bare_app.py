"""The yardstick: a bare Textual app (one Static) that exits after its first paint.

It answers the same request as histtui's start-up probe (bench/startup_probe.py):
with HISTTUI_BENCH_T0 and HISTTUI_BENCH_OUT set, it appends the seconds since T0 to the
file once its Static has been painted, then exits. It imports nothing from histtui.
"""

from __future__ import annotations

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """One Static, painted once."""

    def compose(self) -> ComposeResult:
        yield Static("Hello from a bare Textual app.")

    def on_mount(self) -> None:
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        start = os.environ.get("HISTTUI_BENCH_T0")
        if start is not None:
            elapsed = time.perf_counter() - float(start)
            with open(os.environ["HISTTUI_BENCH_OUT"], "a", encoding="utf-8") as out:
                out.write(f"{elapsed:.6f}\n")
        self.exit()


if __name__ == "__main__":
    BareApp().run()

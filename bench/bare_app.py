"""The yardstick: a bare Textual app (one Static) that exits after its first frame.

It answers the same request as histtui's start-up probe (bench/startup_probe.py), with the
same hook: with HISTTUI_BENCH_T0 and HISTTUI_BENCH_OUT set, it appends the seconds since T0
to the file from `post_display_hook` once its screen's first frame has been written, then
exits. Without them it shows its Static until ctrl+q (as bench/run.py's pty measurement
starts it). It imports nothing from histtui.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup_probe
from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    """One Static."""

    timed = False

    def compose(self) -> ComposeResult:
        yield Static("Hello from a bare Textual app.")

    def post_display_hook(self) -> None:
        if not self.timed and startup_probe.armed():
            self.timed = startup_probe.frame_written(self, self.screen)


if __name__ == "__main__":
    BareApp().run()

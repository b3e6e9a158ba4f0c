"""histtui as a student starts it, with the start-up probe armed (bench/startup_probe.py).

bench/run.py starts this instead of `python -m histtui`, so that the probe that reports the
first frame lives in the benchmark, not in the app students run. Without HISTTUI_BENCH_T0
it is histtui itself.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if pyz := os.environ.get("HISTTUI_BENCH_PYZ"):
    # histtui.pyz: run with `python -I -S`, histtui and every dependency come from the zip.
    sys.path.insert(0, pyz)

# As the `histtui` command does (histtui/__main__.run): histtui's modules load with the
# cycle collector off; `run` below freezes them and turns it back on, as it does there.
gc.disable()
import startup_probe  # noqa: E402 (imported with the collector off, as histtui is)

from histtui import app  # noqa: E402
from histtui.__main__ import run  # noqa: E402
from histtui.app import HistTUI  # noqa: E402


class ProbedHistTUI(HistTUI):
    """histtui, reporting its first overview frame written to the benchmark, then exiting."""

    # A CSS_PATH is read beside the module of the class that sets it: histtui's own.
    # Inside histtui.pyz there is no such file: HistTUI's CSS (read from the zip) is used.
    CSS_PATH = str(app.STYLES) if app.STYLES.is_file() else None

    timed = False

    def post_display_hook(self) -> None:
        super().post_display_hook()  # histtui's own use of it
        # The same hook, and the same test, as bench/bare_app.py.
        if not self.timed and startup_probe.armed() and self.is_screen_installed("overview"):
            self.timed = startup_probe.frame_written(self, self.get_screen("overview"))


if __name__ == "__main__":
    run(app_type=ProbedHistTUI)

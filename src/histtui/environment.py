"""What histtui makes of the environment it starts in: the terminal and the locale.

Plain Python with no Textual import; `__main__` applies it before the app is built.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping
from typing import Any, TextIO

DUMB_TERMINALS = ("dumb", "unknown")
"""TERM values of terminals that understand no colour (rich's list)."""


def colour_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """Environment variables to set so that Textual sends no colour to a dumb terminal.

    Textual draws in 24-bit colour whenever rich finds no colour system, which is what rich
    finds for TERM=dumb. NO_COLOR turns on Textual's monochrome filter (greys only), and
    TEXTUAL_COLOR_SYSTEM=standard (read when Textual is imported) brings those greys down to
    the terminal's own black, white and grey instead of 24-bit codes. Whatever the student
    set already stays as it is.
    """
    if environ.get("TERM", "").strip().lower() not in DUMB_TERMINALS:
        return {}
    wanted = {"NO_COLOR": "1", "TEXTUAL_COLOR_SYSTEM": "standard"}
    return {name: value for name, value in wanted.items() if name not in environ}


def robust_output() -> None:
    """Let stdout and stderr write what their encoding cannot hold (a "…" in a Latin-1 or
    ASCII locale) as a backslash escape, instead of stopping histtui with an error."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


class TerminalOutput:
    """The terminal's output stream, which stops writing, quietly, once the terminal is gone.

    When the window is closed, histtui gets SIGHUP, saves and quits, and every write to the
    terminal fails (EIO). Textual writes from a thread that ends at the first failed write;
    its queue then fills (30 writes) and the app blocks in its next write for ever: histtui,
    its work saved, never exits, and a process is left behind on the shared machine each
    time a window is closed. Once a write fails there is no one to show anything to.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.gone = False
        """Whether a write has failed: the terminal is gone, and nothing more is written."""

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except (OSError, ValueError):  # the terminal gone; the stream closed
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self.gone = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

"""What every screen carries so that trouble is never hidden: the save warning and "too small".

The app mounts them on a screen when they have something to show (see
`SafeApp.fit_out_screen`), so a new screen gets them without doing anything. Both are
styled in histtui.tcss ("Safety"): a screen with the class -too-small shows only these two.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import RenderResult
from textual.screen import Screen
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Static

MIN_WIDTH = 60
"""Below this many columns the layouts cannot fit, and "Please enlarge the window" shows."""
MIN_HEIGHT = 14
"""Below this many rows the layouts cannot fit, and "Please enlarge the window" shows."""


class SaveWarning(Static):
    """A bar across the top of the screen while progress cannot be saved; gone once it is.

    It shows the app's `save_warning` (empty when all is well), which names the folder and
    `--state`.
    """

    def on_mount(self) -> None:
        self.show_warning(getattr(self.app, "save_warning", ""))
        if (changes := self.changes()) is not None:
            changes.subscribe(self, self.show_warning)

    def on_unmount(self) -> None:
        # A signal holds its subscribers until it is next published; the warning changes
        # seldom, and every closed screen's bar would be kept until then.
        if (changes := self.changes()) is not None:
            changes.unsubscribe(self)

    def changes(self) -> Signal[str] | None:
        """The app's signal of a new warning (SafeApp.save_warning_changed)."""
        changes = getattr(self.app, "save_warning_changed", None)
        return changes if isinstance(changes, Signal) else None

    def show_warning(self, text: str) -> None:
        """Show `text`, or hide the bar when it is empty."""
        self.update(Text.assemble(("⚠ ", "bold"), text) if text else "")
        self.set_class(bool(text), "-active")


class TooSmall(Widget):
    """Asks for a bigger window; shown instead of the screen's own widgets when it is too small."""

    def render(self) -> RenderResult:
        width, height = self.app.size
        return Text.assemble(
            ("Please enlarge the window.", "bold"),
            f"\n\nhisttui needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {width}×{height}.",
            justify="center",
        )


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of this size is too small for histtui's layouts."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


_focus_before: WeakKeyDictionary[Screen[Any], Widget] = WeakKeyDictionary()


def fit_to_size(screen: Screen[Any], small: bool) -> None:
    """Show only "Please enlarge the window" on a screen that is too small, or undo that.

    Hiding a screen's widgets takes the focus from them; when the window is big enough
    again, the focus goes back where it was, so the keys work straight away.
    """
    if small == screen.has_class("-too-small"):
        return
    if small:
        if screen.focused is not None:
            _focus_before[screen] = screen.focused
        if not screen.query(TooSmall):
            screen.mount(TooSmall())
        screen.add_class("-too-small")
        return
    screen.remove_class("-too-small")
    remembered = _focus_before.pop(screen, None)
    if screen.focused is not None:
        return
    if remembered is not None and remembered.is_attached:
        screen.set_focus(remembered)
        return
    selector = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else screen.app.AUTO_FOCUS
    for widget in screen.query(selector or "*"):
        if widget.focusable:
            screen.set_focus(widget)
            return


QUIT_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGHUP", "SIGTERM", "SIGQUIT", "SIGINT")
    if hasattr(signal, name)
)
"""Signals that end histtui (the terminal or tmux session closed, `kill`, ctrl+\\ outside
raw mode, an interrupt): each saves what is typed in the editors first, then quits."""


def catch_signals(loop: asyncio.AbstractEventLoop, handler: Callable[[int], None]) -> None:
    """Call `handler(signal number)` on the event loop when a QUIT_SIGNAL arrives.

    Textual handles only SIGTSTP, SIGCONT and SIGWINCH (its Linux driver); without this
    SIGHUP, SIGTERM and SIGQUIT killed histtui at once and a note being typed was lost. The
    handlers go on the app's asyncio loop (`add_signal_handler`), so they run between
    messages, like a key press; `release_signals` removes them when the app closes.
    """
    for number in QUIT_SIGNALS:
        try:
            loop.add_signal_handler(number, handler, number)
        except (NotImplementedError, RuntimeError, ValueError):
            return  # Windows, or a loop not in the main thread: nothing to catch


def release_signals(loop: asyncio.AbstractEventLoop) -> None:
    """Remove the handlers `catch_signals` put on `loop`."""
    for number in QUIT_SIGNALS:
        try:
            loop.remove_signal_handler(number)
        except (NotImplementedError, RuntimeError, ValueError):
            return

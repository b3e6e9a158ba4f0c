"""What keeps a student's work safe, whatever the app is doing (docs/reliability.md).

SafeApp is the base of HistTUI: the save-warning bar and "too small" message on any
screen that needs them, saving (and retrying a save that failed), saving what the editors
hold before quitting, when a signal ends histtui and after an unexpected error, with a
crash log.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual._styles_cache import StylesCache
from textual.app import App
from textual.driver import Driver
from textual.reactive import reactive
from textual.screen import Screen, SystemModalScreen
from textual.signal import Signal

from histtui.environment import TerminalOutput
from histtui.safekeeping import log_folders, write_crash_log
from histtui.screens.base import HoldsUnsavedWork
from histtui.session import StudySession
from histtui.widgets.safety import (
    SaveWarning,
    catch_signals,
    fit_to_size,
    release_signals,
    too_small,
)

RETRY_SECONDS = 20.0
"""While progress cannot be saved, try again this often (and at every change)."""


class SafeApp(App[None]):
    """An app on a study session that never loses what the student did."""

    save_warning: reactive[str] = reactive("")
    """Why progress is not being saved ("" when it is); a SaveWarning on the screen shows it."""

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self.save_warning_changed: Signal[str] = Signal(self, "save-warning-changed")
        """Published with `save_warning` when it changes. Every screen's SaveWarning
        subscribes: a signal forgets a bar whose screen has closed, whereas Textual keeps a
        `watch` of the app's reactive (and the bar with it) until the warning next changes."""
        self.crash_log: Path | None = None
        """Where the log of an unexpected error went, if there was one."""
        self.event_loop: asyncio.AbstractEventLoop | None = None
        """The loop the app runs on (set as it starts): saves in a thread report to it."""
        self.quitting = False
        """Whether the student has quit: keys typed after `q` (a fast `q t`) open nothing, as
        a screen pushed while the app closes cannot be mounted."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, writing through a TerminalOutput: closing the
        window must not leave histtui hanging (environment.TerminalOutput)."""
        driver = super().get_driver_class()

        class OutlivesItsTerminal(driver):  # type: ignore[valid-type, misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                output = getattr(self, "_file", None)
                if output is not None and not isinstance(output, TerminalOutput):
                    self._file = TerminalOutput(output)

        return OutlivesItsTerminal

    def show_notices(self) -> None:
        """Show what the progress store has to say, once each."""
        for notice in self.session.take_notices():
            self.notify(notice, title="Progress file", severity="warning", timeout=30, markup=False)

    def watch_save_warning(self, text: str) -> None:
        self.save_warning_changed.publish(text)
        if text and len(self.screen_stack) > 1:
            self.fit_out_screen(self.screen)  # the bar, if this screen has none yet

    def update_save_warning(self) -> None:
        """Bring the warning bar up to date with the progress store."""
        self.save_warning = self.session.save_warning

    def save(self) -> None:
        """Save the student's progress now."""
        self.session.save()
        self.update_save_warning()
        self.show_notices()

    def retry_save(self) -> None:
        """Try again to save progress that could not be saved."""
        self.session.retry()
        self.update_save_warning()

    def fit_out_screen(self, screen: Screen[Any]) -> None:
        """Fit every screen the app shows to the terminal's size, and give it the warning
        bar while progress is not being saved.

        The bar and the "too small" message are mounted only when they have something to
        show: most students never see either, and each widget was a few milliseconds more
        before the Smart Guide's first frame. Textual's own popups (the command palette)
        are left as they are: they fit any size, and the app's styles do not reach inside.
        """
        if isinstance(screen, SystemModalScreen) or not screen.is_attached:
            return  # a popup, or the app is already quitting (is_attached is False then)
        if self.save_warning and not screen.query(SaveWarning):
            screen.mount(SaveWarning())
        self.fit_to_size(screen, too_small(*self.size))

    def release_closed_screens(self, _screen: Screen[Any] | None = None) -> None:
        """Let the widgets of closed screens go (on every change of screen).

        Textual 8.2 caches `StylesCache.get_inner_outer` with `lru_cache` on the method, so
        the cache keeps up to 1,024 widgets' style caches, and every line they drew, alive
        (Textualize/textual#6665): a student opening statistics 30 times kept 90,000 more
        objects, and each full collection of them paused the app for 80 ms. The cache is
        cheap to fill again.
        """
        cached = getattr(StylesCache.get_inner_outer, "cache_clear", None)
        if callable(cached):
            cached()

    def on_resize(self, event: events.Resize) -> None:
        for screen in self.screen_stack:
            self.fit_to_size(screen, too_small(event.size.width, event.size.height))

    def fit_to_size(self, screen: Screen[Any], small: bool) -> None:
        """Show only "Please enlarge the window" on a screen that is too small (the notices
        of the moment go: they would cover it; the warning bar stays), or undo that."""
        if small and self._notifications:
            self.clear_notifications()
        fit_to_size(screen, small)

    def save_unsaved_work(self) -> None:
        """Ask every screen and widget holding unsaved text (an open note or exam plan
        editor) to save it."""
        for screen in self.screen_stack:
            for node in (screen, *screen.query("*")):
                if isinstance(node, HoldsUnsavedWork):
                    node.save_unsaved()

    def run_on_loop(self, function: Callable[[], None]) -> None:
        """Run `function` on the app's event loop soon; from any thread (a save's)."""
        # Once the app has closed its loop, what the save did is taken in as histtui exits
        # (session.finish_saving, in the farewell).
        if self.event_loop is not None:
            with contextlib.suppress(RuntimeError):
                self.event_loop.call_soon_threadsafe(function)

    def catch_quit_signals(self) -> None:
        """Save the student's work when a signal ends histtui (widgets/safety.QUIT_SIGNALS)."""
        catch_signals(asyncio.get_running_loop(), self.quit_on_signal)

    def on_unmount(self) -> None:
        release_signals(asyncio.get_running_loop())

    def quit_on_signal(self, number: int) -> None:
        """Save what the editors hold and the progress, then quit with status 128 + signal."""
        self.quitting = True
        try:
            self.save_unsaved_work()
        finally:
            self.save()
            self.exit(return_code=128 + number)

    async def action_quit(self) -> None:
        """Save anything still unsaved, then quit."""
        self.quitting = True
        self.save_unsaved_work()
        self.save()
        self.exit()

    def keep_work_safe(self, error: BaseException) -> None:
        """After an unexpected error: save what the student did, and log the error."""
        notes = []
        try:
            self.save_unsaved_work()
        except Exception as problem:
            notes.append(f"Unsaved text could not be collected: {problem!r}")
        session = self.session
        try:
            session.finish_saving()
            session.store.save(session.progress)
        except Exception as problem:
            notes.append(f"Saving failed: {problem!r}")
        notes.append(f"Progress file: {session.store.path} ({session.save_warning or 'saved'})")
        self.crash_log = write_crash_log(error, log_folders(), session.clock(), notes)

    def _handle_exception(self, error: Exception) -> None:
        # Textual has no public hook for an unhandled exception (textual#2818), so this adds
        # to its own handling, which still shows the traceback and exits.
        try:
            if self.crash_log is None:
                self.keep_work_safe(error)
        finally:
            super()._handle_exception(error)  # always, or the app would hang

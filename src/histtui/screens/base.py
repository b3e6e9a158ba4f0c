"""What every histtui screen and widget shares: the study session, found through the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from textual import events, on
from textual.app import App
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.signal import Signal

from histtui.guide import Chapter
from histtui.session import Change, StudySession
from histtui.widgets.footer_fit import fitted_bindings
from histtui.wording import plural

ResultType = TypeVar("ResultType")


def session_of(app: App[Any]) -> StudySession:
    """The app's study session (every histtui app has one)."""
    session = getattr(app, "session", None)
    if not isinstance(session, StudySession):
        raise RuntimeError(f"{app!r} has no study session")
    return session


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """A screen with text the student typed, which the app saves before it quits."""

    def save_unsaved(self) -> bool:
        """Save whatever the student typed that is not saved yet; whether there was any."""


class StudyScreen(Screen[ResultType]):
    """A screen of histtui: it reads and changes the student's record through `session`."""

    FOOTER_DROPS: ClassVar[tuple[str, ...]] = ()
    """Actions whose footer labels leave, the first first, when the footer does not fit
    (at 80 columns, say); their keys still work and are on the help screen."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The active bindings, lower-priority labels left out of a footer too wide."""
        return fitted_bindings(self, super().active_bindings, self.FOOTER_DROPS)

    @on(events.Resize)
    def refit_footer(self) -> None:
        """Fit the footer to the new width."""
        if self.FOOTER_DROPS:
            self.refresh_bindings()

    @property
    def session(self) -> StudySession:
        """The student's study session: guide, progress, reviewer, search, clocks."""
        return session_of(self.app)

    def enrol_chapter(self, chapter: Chapter) -> int:
        """Put a chapter's cards into review now, and tell the student how many joined."""
        added = self.session.enrol(chapter)
        cards = sum(len(topic.cards) for topic in chapter.topics)
        self.notify(
            f"{plural(added, 'new card')} from {chapter.title} added to your reviews "
            f"({cards} in the chapter). Press r to review.",
            markup=False,
        )
        return added

    def watch_progress(self, callback: Callable[[Change], object]) -> None:
        """Call `callback` with every change to the student's record while this screen lives."""
        progress_changes(self.app).subscribe(self, callback)

    @on(events.Unmount)
    def stop_watching_progress(self) -> None:
        """Leave the signal when the screen closes: its subscription would keep the whole
        closed screen alive until the next change to the student's record."""
        progress_changes(self.app).unsubscribe(self)


def progress_changes(app: App[Any]) -> Signal[Change]:
    """The app's signal of changes to the student's record (see HistTUI.progress_changed)."""
    signal = getattr(app, "progress_changed", None)
    if not isinstance(signal, Signal):
        raise RuntimeError(f"{app!r} has no progress_changed signal")
    return signal

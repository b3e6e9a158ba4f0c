"""The histtui app: screens, global keys, and what keeps a student's work safe.

The app renders and dispatches. What a student does is recorded by the StudySession
(`session.py`, no Textual); screens post messages (`screens/messages.py`) for the app to
open, close and switch screens, and everything that shows progress subscribes to
`progress_changed`, which carries the session's Changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen, SystemModalScreen
from textual.signal import Signal
from textual.theme import Theme

from histtui.guide import Chapter, Topic
from histtui.safekeeping import log_folders, write_crash_log
from histtui.screens.dialogs import HoldsUnsavedWork
from histtui.screens.help import HelpScreen
from histtui.screens.messages import OpenExam, OpenTimeline, OpenTopic, ShowOverview
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.session import Change, StudySession
from histtui.widgets.palette import TopicCommands
from histtui.widgets.safety import SaveWarning, TooSmall, fit_to_size, too_small
from histtui.wording import chapter_label

# Screens opened on demand: the search, review, timeline, exam and note screens are
# imported when a student first opens them, not at start. Each brings Textual widgets
# (TextArea, Input...) that cost memory a student who only reads never uses; the peak
# memory target of docs/performance.md counts every one of them.

RETRY_SECONDS = 20.0
"""While progress cannot be saved, try again this often (and at every change)."""

SYNC_SECONDS = 1.0
"""How often histtui looks for what another running histtui saved, and retries a save that
waited for that one's lock."""


class HistTUI(App[None]):
    """Revise a guide: the Smart Guide overview and a reader; progress saved at every change."""

    CSS_PATH = "histtui.tcss"
    TITLE = "histtui"
    COMMANDS = App.COMMANDS | {TopicCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Search", show=False),
        Binding("r", "review", "Review cards", show=False),
        Binding("d", "toggle_theme", "Dark/light", show=False),
        Binding("t", "timeline", "Timeline", show=False),
    ]

    save_warning: reactive[str] = reactive("")
    """Why progress is not being saved ("" when it is); every screen's SaveWarning shows it."""

    def __init__(self, session: StudySession) -> None:
        super().__init__()
        self.session = session
        self.progress_changed: Signal[Change] = Signal(self, "progress-changed")
        """Published with every Change to the student's record, from this app or another."""
        self.crash_log: Path | None = None
        """Where the log of an unexpected error went, if there was one."""
        session.subscribe(self.publish_change)

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self.fit_out_screen)
        self.set_interval(RETRY_SECONDS, self.retry_save)
        self.set_interval(SYNC_SECONDS, self.sync)
        self.update_save_warning()
        theme = self.session.progress.theme
        if theme is not None and theme.value in self.available_themes:
            self.theme = theme.value
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        self.install_screen(OverviewScreen(), "overview")
        self.install_screen(ReaderScreen(), "reader")
        self.push_screen("overview")
        self.show_notices()

    # The session's changes ------------------------------------------------------------

    def publish_change(self, change: Change) -> None:
        """Pass a change of the student's record on to every subscriber, and say whether it
        could be saved."""
        self.progress_changed.publish(change)
        self.update_save_warning()
        self.show_notices()

    def show_notices(self) -> None:
        """Show what the progress store has to say, once each."""
        for notice in self.session.take_notices():
            self.notify(notice, title="Progress file", severity="warning", timeout=30, markup=False)

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

    def sync(self) -> None:
        """Show what another histtui saved, and make a save that waited for its lock."""
        if self.session.waiting_for_lock:
            self.session.retry()
        self.session.sync()
        self.update_save_warning()

    def remember_theme(self, theme: Theme) -> None:
        """Keep the student's theme for next time."""
        self.session.set_theme(theme.name)
        self.update_save_warning()

    # Moving between screens -----------------------------------------------------------

    @on(OpenTopic)
    def on_open_topic(self, message: OpenTopic) -> None:
        self.open_topic(message.topic, message.words)

    def open_topic(self, topic: Topic, words: list[str] | None = None) -> None:
        """Open a topic in the reader (at the first of `words`, if given) and remember it.

        That is saved once the topic has been painted: on an old disk the save's fsync
        takes longer than drawing the page, and the student is waiting for the page.
        """
        reader = self.get_screen("reader", ReaderScreen)
        reader.show_topic(topic, words)
        self.close_pushed_screens()
        if self.screen is not reader:
            self.switch_screen(reader)
        deferred = self.session.unsaved
        self.session.visit(topic)
        if not deferred:
            self.call_after_refresh(self.save_visit)

    def save_visit(self) -> None:
        """Make the save open_topic left for after the paint, unless another save made it."""
        self.session.save_if_unsaved()
        self.update_save_warning()

    @on(ShowOverview)
    def show_overview(self) -> None:
        """Go back to the Smart Guide overview."""
        self.close_pushed_screens()
        self.switch_screen("overview")

    @on(OpenExam)
    def on_open_exam(self, message: OpenExam) -> None:
        self.open_exam(message.chapter)

    def open_exam(self, chapter: Chapter) -> None:
        """Open the chapter's exam questions, or say that it has none."""
        from histtui.screens.exam import ExamScreen  # see "Screens opened on demand"

        if chapter.questions:
            self.push_screen(ExamScreen(chapter))
        else:
            self.notify(f"{chapter_label(chapter)} has no exam questions.", markup=False)

    @on(OpenTimeline)
    def on_open_timeline(self, message: OpenTimeline) -> None:
        from histtui.screens.timeline import TimelineScreen  # see "Screens opened on demand"

        last = self.session.last_topic()
        chapter = last.chapter if last else None
        self.push_screen(TimelineScreen(chapter, message.topic))

    def close_pushed_screens(self) -> None:
        """Close screens opened over the overview or the reader (exam practice, notes, ...),
        saving what they hold, so that opening a topic from one of them (the command palette)
        never leaves them stacked."""
        base = {self.get_screen("overview"), self.get_screen("reader")}
        while self.screen not in base and len(self.screen_stack) > 2:
            if isinstance(self.screen, HoldsUnsavedWork):
                self.screen.save_unsaved()
            self.pop_screen()

    def action_search(self) -> None:
        """Search every topic and your notes."""
        from histtui.screens.search import SearchScreen  # see "Screens opened on demand"

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_review(self) -> None:
        """Review the flashcards that are due."""
        from histtui.screens.review import ReviewScreen  # see "Screens opened on demand"

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_toggle_theme(self) -> None:
        """Switch between Textual's dark and light themes."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_timeline(self) -> None:
        """Every dated event in date order; `f` there limits it to the chapter last read."""
        reader = self.get_screen("reader", ReaderScreen)
        if isinstance(self.screen, OverviewScreen | ReaderScreen):
            self.post_message(OpenTimeline(reader.topic if self.screen is reader else None))

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -----------------------------------------------------------------------------------
    # Keeping work safe (docs/reliability.md): the warning bar and "too small" message on
    # every screen, saving before quitting and after a crash.

    def fit_out_screen(self, screen: Screen[Any]) -> None:
        """Give every screen the app shows a SaveWarning bar and a TooSmall message.

        Textual's own popups (the command palette) are left as they are: they fit any size,
        and the app's styles do not reach inside them.
        """
        if isinstance(screen, SystemModalScreen) or not screen.is_attached:
            return  # a popup, or the app is already quitting (is_attached is False then)
        if not screen.query(TooSmall):
            screen.mount(SaveWarning(), TooSmall())
        fit_to_size(screen, too_small(*self.size))

    def on_resize(self, event: events.Resize) -> None:
        for screen in self.screen_stack:
            fit_to_size(screen, too_small(event.size.width, event.size.height))

    def save_unsaved_work(self) -> None:
        """Ask every screen and widget holding unsaved text (an open note or exam plan
        editor) to save it."""
        for screen in self.screen_stack:
            for node in (screen, *screen.query("*")):
                if isinstance(node, HoldsUnsavedWork):
                    node.save_unsaved()

    async def action_quit(self) -> None:
        """Save anything still unsaved, then quit."""
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

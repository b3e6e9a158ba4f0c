"""The histtui app: screens, global keys, and the bridge to the student's progress."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen, SystemModalScreen
from textual.theme import Theme

from histtui import startup_probe
from histtui.commands import TopicCommands
from histtui.guide import Chapter, Guide, Topic
from histtui.practice import Monotonic
from histtui.progress import Clock, ProgressStore, Stamped, utc_now
from histtui.safekeeping import log_folders, write_crash_log
from histtui.scheduling import Reviewer
from histtui.screens.dialogs import HoldsUnsavedWork
from histtui.screens.help import HelpScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.search import SearchIndex
from histtui.widgets.safety import SaveWarning, TooSmall, fit_to_size, too_small

# Screens opened on demand: the search, review, timeline, exam and note screens are
# imported when a student first opens them, not at start. Each brings Textual widgets
# (TextArea, Input...) that cost memory a student who only reads never uses; the peak
# memory target of docs/performance.md counts every one of them.

RETRY_SECONDS = 20.0
"""While progress cannot be saved, try again this often (and at every change)."""


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

    def __init__(self, guide: Guide, store: ProgressStore, clock: Clock = utc_now) -> None:
        super().__init__()
        self.guide = guide
        self.store = store
        self.clock = clock
        self.progress = store.load()
        self.reviewer = Reviewer(guide, self.progress)
        self.search_index = SearchIndex(guide, self.progress.note)
        self.rng = random.Random()
        """Where quizzes draw their questions from (tests seed it)."""
        self.monotonic: Monotonic = time.monotonic
        """Seconds on a clock that only moves forward, for countdowns (tests replace it)."""
        self.crash_log: Path | None = None
        self.save_deferred = False
        """Whether open_topic left a save for after the paint."""

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self.fit_out_screen)
        self.set_interval(RETRY_SECONDS, self.retry_save)
        self.update_save_warning()
        theme = self.progress.theme
        if theme is not None and theme.value in self.available_themes:
            self.theme = theme.value
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        self.install_screen(OverviewScreen(), "overview")
        self.install_screen(ReaderScreen(), "reader")
        self.push_screen("overview")
        startup_probe.arm(self.get_screen("overview"))  # off unless bench/run.py asks
        self.show_notices()

    def save(self) -> None:
        """Save the student's progress now; the warning bar says so while it cannot be saved."""
        self.save_deferred = False
        self.store.save(self.progress)
        self.show_notices()
        self.update_save_warning()

    def show_notices(self) -> None:
        """Show what the progress store has to say, once each."""
        for notice in self.store.notices:
            self.notify(notice, title="Progress file", severity="warning", timeout=30, markup=False)
        self.store.notices.clear()

    def open_topic(self, topic: Topic, words: list[str] | None = None) -> None:
        """Open a topic in the reader (at the first of `words`, if given) and remember it.

        That is saved once the topic has been painted: on an old disk the save's fsync
        takes longer than drawing the page, and the student is waiting for the page.
        """
        self.progress.last_topic = Stamped(topic.id, self.clock())
        reader = self.get_screen("reader", ReaderScreen)
        reader.show_topic(topic, words)
        self.close_pushed_screens()
        if self.screen is not reader:
            self.switch_screen(reader)
        if not self.save_deferred:
            self.save_deferred = True
            self.call_after_refresh(self.save_if_deferred)

    def save_if_deferred(self) -> None:
        """Make the save open_topic left for after the paint, unless another save made it."""
        if self.save_deferred:
            self.save()

    def set_complete(self, topic: Topic, complete: bool) -> None:
        """Mark a topic complete or incomplete, and save; its cards then join the reviews."""
        now = self.clock()
        self.progress.set_complete(topic.id, complete, now)
        if complete:
            self.reviewer.enrol([topic], now)
        self.save()

    def toggle_bookmark(self, topic: Topic) -> None:
        """Mark or unmark a topic "revise again", and save."""
        on = not self.progress.is_bookmarked(topic.id)
        self.progress.set_bookmark(topic.id, on, self.clock())
        self.save()

    def save_note(self, topic: Topic, text: str) -> None:
        """Keep the student's note on a topic, and save."""
        self.progress.set_note(topic.id, text.strip(), self.clock())
        self.save()

    def enrol_cards(self, chapter: Chapter) -> int:
        """Put a chapter's cards into review now; say how many joined."""
        added = self.reviewer.enrol(chapter.topics, self.clock())
        self.save()
        cards = sum(len(topic.cards) for topic in chapter.topics)
        self.notify(
            f"{added} new card{'' if added == 1 else 's'} from {chapter.title} added to your "
            f"reviews ({cards} in the chapter). Press r to review."
        )
        return added

    def grade_card(self, key: str, rating: int) -> None:
        """Record a flashcard grading, and save."""
        self.reviewer.grade(key, rating, self.clock())
        self.save()

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

    def show_overview(self) -> None:
        """Go back to the Smart Guide overview."""
        self.close_pushed_screens()
        self.switch_screen("overview")

    def remember_theme(self, theme: Theme) -> None:
        """Keep the student's theme for next time."""
        stamped = self.progress.theme
        if stamped is None or stamped.value != theme.name:
            self.progress.theme = Stamped(theme.name, self.clock())
            self.save()

    def action_toggle_theme(self) -> None:
        """Switch between Textual's dark and light themes."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_timeline(self) -> None:
        """Every dated event in date order; `f` there limits it to the chapter last read."""
        from histtui.screens.timeline import TimelineScreen  # see "Screens opened on demand"

        reader = self.get_screen("reader", ReaderScreen)
        if not isinstance(self.screen, OverviewScreen | ReaderScreen):
            return
        last = self.progress.last_topic
        topic = self.guide.topic(last.value) if last else None
        start_at = reader.topic if self.screen is reader else None
        self.push_screen(TimelineScreen(topic.chapter if topic else None, start_at, self.rng))

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # Exam practice, saving open editors on quitting, and closing screens pushed over
    # the overview or the reader when one of those two is switched to.

    def close_pushed_screens(self) -> None:
        """Close screens opened over the overview or the reader (exam practice, notes, ...),
        saving what they hold, so that opening a topic from one of them (the command palette)
        never leaves them stacked."""
        base = {self.get_screen("overview"), self.get_screen("reader")}
        while self.screen not in base and len(self.screen_stack) > 2:
            if isinstance(self.screen, HoldsUnsavedWork):
                self.screen.save_unsaved()
            self.pop_screen()

    def open_exam(self, chapter: Chapter) -> None:
        """Open the chapter's exam questions, or say that it has none."""
        from histtui.screens.exam import ExamScreen  # see "Screens opened on demand"

        if chapter.questions:
            self.push_screen(ExamScreen(chapter))
        else:
            self.notify(f"{chapter.number}. {chapter.title} has no exam questions.", markup=False)

    # -----------------------------------------------------------------------------------
    # Keeping work safe (docs/reliability.md): the warning bar and "too small" message on
    # every screen, retrying failed saves, saving before quitting and after a crash.

    save_warning: reactive[str] = reactive("")
    """Why progress is not being saved ("" when it is); every screen's SaveWarning shows it."""

    def fit_out_screen(self, screen: Screen[Any]) -> None:
        """Give every screen the app shows a SaveWarning bar and a TooSmall message.

        Textual's own popups (the command palette) are left as they are: they fit any size,
        and the app's styles do not reach inside them.
        """
        if isinstance(screen, SystemModalScreen):
            return
        if not screen.query(TooSmall):
            screen.mount(SaveWarning(), TooSmall())
        fit_to_size(screen, too_small(*self.size))

    def on_resize(self, event: events.Resize) -> None:
        for screen in self.screen_stack:
            fit_to_size(screen, too_small(event.size.width, event.size.height))

    def update_save_warning(self) -> None:
        """Bring the warning bar up to date with the progress store."""
        self.save_warning = self.store.read_only_reason or self.store.save_error or ""

    def retry_save(self) -> None:
        """Try again to save progress that could not be saved."""
        if self.store.save_error and not self.store.read_only:
            self.save()

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
        try:
            self.store.save(self.progress)
        except Exception as problem:
            notes.append(f"Saving failed: {problem!r}")
        notes.append(
            f"Progress file: {self.store.path} "
            f"({self.store.read_only_reason or self.store.save_error or 'saved'})"
        )
        self.crash_log = write_crash_log(error, log_folders(), self.clock(), notes)

    def _handle_exception(self, error: Exception) -> None:
        # Textual has no public hook for an unhandled exception (textual#2818), so this adds
        # to its own handling, which still shows the traceback and exits.
        try:
            if self.crash_log is None:
                self.keep_work_safe(error)
        finally:
            super()._handle_exception(error)  # always, or the app would hang

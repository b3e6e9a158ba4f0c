"""The histtui app: screens, global keys, and what keeps a student's work safe.

The app renders and dispatches. What a student does is recorded by the StudySession
(`session.py`, no Textual); screens post messages (`screens/messages.py`) for the app to
open, close and switch screens, and everything that shows progress subscribes to
`progress_changed`, which carries the session's Changes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen, SystemModalScreen
from textual.signal import Signal
from textual.theme import Theme

from histtui.guide import Chapter, Topic
from histtui.paths import packaged_bytes
from histtui.safekeeping import log_folders, write_crash_log
from histtui.screens.dialogs import HoldsUnsavedWork
from histtui.screens.help import HelpScreen
from histtui.screens.messages import (
    OpenCaseStudies,
    OpenCaseStudy,
    OpenDrill,
    OpenExam,
    OpenTimeline,
    OpenTopic,
    ShowOverview,
)
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.session import Change, StudySession
from histtui.widgets.colours import histtui_colours
from histtui.widgets.palette import CaseStudyCommands, TopicCommands
from histtui.widgets.safety import (
    SaveWarning,
    TooSmall,
    catch_signals,
    fit_to_size,
    release_signals,
    too_small,
)
from histtui.widgets.study_commands import StudyCommands
from histtui.wording import chapter_label

# Screens opened on demand: the search, review, timeline, exam and note screens are
# imported when a student first opens them, not at start. Each brings Textual widgets
# (TextArea, Input...) that cost memory a student who only reads never uses; the peak
# memory target of docs/performance.md counts every one of them.

STYLES = Path(__file__).with_name("histtui.tcss")
"""The app's styles; inside histtui.pyz it is no file, and is read through zipimport."""


def _packaged_styles() -> str:
    """histtui.tcss read from the zip histtui runs from (Textual reads CSS_PATH as a file)."""
    return packaged_bytes("histtui.tcss").decode("utf-8")


RETRY_SECONDS = 20.0
"""While progress cannot be saved, try again this often (and at every change)."""

SYNC_SECONDS = 1.0
"""How often histtui looks for what another running histtui saved, and retries a save that
waited for that one's lock."""


class HistTUI(App[None]):
    """Revise a guide: the Smart Guide overview and a reader; progress saved at every change."""

    CSS_PATH = "histtui.tcss" if STYLES.is_file() else None
    CSS = "" if STYLES.is_file() else _packaged_styles()
    TITLE = "histtui"
    COMMANDS = App.COMMANDS | {TopicCommands, CaseStudyCommands, StudyCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", show=False, id="app.search"),
        Binding("r", "review", "Review cards", show=False, id="app.review"),
        Binding("d", "toggle_theme", "Dark/light", show=False, id="app.theme"),
        Binding("t", "timeline", "Timeline", show=False, id="app.timeline"),
        Binding("S", "statistics", "Statistics", show=False, id="app.statistics"),
    ]

    timeline_only_chapter = False
    """Whether the timeline shows only the chapter being read (its ctrl+f), remembered."""

    save_warning: reactive[str] = reactive("")
    """Why progress is not being saved ("" when it is); every screen's SaveWarning shows it."""

    def __init__(self, session: StudySession, keymap: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.keymap_file = keymap
        """The student's keys file (paths.keymap_path()); None: Textual's keys as bound."""
        self.progress_changed: Signal[Change] = Signal(self, "progress-changed")
        """Published with every Change to the student's record, from this app or another."""
        self.crash_log: Path | None = None
        """Where the log of an unexpected error went, if there was one."""
        self.event_loop: asyncio.AbstractEventLoop | None = None
        """The loop the app runs on (set as it starts): saves in a thread report to it."""
        self.quitting = False
        """Whether the student has quit: keys typed after `q` (a fast `q t`) open nothing, as
        a screen pushed while the app closes cannot be mounted."""
        self.console_styled = False
        """Whether style_console has pushed a theme onto the console."""
        session.subscribe(self.publish_change)

    def on_mount(self) -> None:
        self.catch_quit_signals()
        self.event_loop = asyncio.get_running_loop()
        self.session.save_large_files_in_a_thread(self.run_on_loop)
        self.screen_change_signal.subscribe(self, self.fit_out_screen)
        self.set_interval(RETRY_SECONDS, self.retry_save)
        self.set_interval(SYNC_SECONDS, self.sync)
        self.update_save_warning()
        theme = self.session.progress.theme
        if theme is not None and theme.value in self.available_themes:
            self.theme = theme.value
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        self.theme_changed_signal.subscribe(self, self.style_console)
        self.style_console()
        self.install_screen(OverviewScreen(), "overview")
        self.install_screen(ReaderScreen(), "reader")
        self.push_screen("overview")
        self.show_notices()
        self.load_keymap()

    def load_keymap(self) -> None:
        """Use the student's keys file, or say clearly why it is not used."""
        from histtui.keymap import KeymapError, load_keymap

        if self.keymap_file is None:
            return
        try:
            keymap = load_keymap(self.keymap_file, binding_ids())
        except KeymapError as error:
            self.notify(
                f"{error}\nThe usual keys are used. `histtui check-config` lists the ids.",
                title="Keys file not used",
                severity="error",
                timeout=30,
                markup=False,
            )
        else:
            self.set_keymap(keymap)

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

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables for the theme, and histtui's colours made readable on it."""
        variables = {**super().get_css_variables()}
        variables.update(histtui_colours(variables))
        self.theme_variables = variables
        return variables

    def style_console(self, theme: Theme | None = None) -> None:
        """Give the topic's Markdown headings and the chapter bars the theme's readable
        colours (Rich's defaults, magenta headings and a grey23 bar, ignore the theme)."""
        from rich.theme import Theme as RichTheme

        colours = histtui_colours(self.get_css_variables())
        heading, bar = colours["histtui-heading"], colours["histtui-bar"]
        styles = {
            "markdown.h1": f"bold underline {heading}",
            "markdown.h2": f"bold underline {heading}",
            "markdown.h3": f"bold {heading}",
            "markdown.h4": f"italic {heading}",
            "bar.back": colours["histtui-bar-back"],
            "bar.complete": bar,
            "bar.finished": f"bold {bar}",
        }
        if self.console_styled:
            self.console.pop_theme()
        self.console.push_theme(RichTheme(styles))
        self.console_styled = True

    # The command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """histtui's own commands for the palette (topics come from TopicCommands).

        Textual's developer commands (Keys, Maximize, Screenshot: the last failed with a
        fresh HOME) are left out: a student has no use for them.
        """
        yield SystemCommand(
            "Review cards", "Review the flashcards that are due (r)", self.action_review
        )
        yield SystemCommand("Timeline", "Every dated event in date order (t)", self.action_timeline)
        yield SystemCommand("Search", "Search every topic and your notes (/)", self.action_search)
        yield SystemCommand(
            "Exam practice", "Exam questions on the chapter last read", self.exam_last
        )
        yield SystemCommand("Theme: dark or light", "Switch themes (d)", self.action_toggle_theme)
        yield SystemCommand(
            "Help: every key", "Every key histtui understands (?)", self.action_help
        )
        yield SystemCommand(
            "Export report", "Where a progress report goes, and how", self.say_export
        )
        yield SystemCommand("Quit", "Save everything and quit (q)", self.action_quit)

    def exam_last(self) -> None:
        """Exam practice on the chapter of the topic last read."""
        topic = self.session.last_topic()
        if topic is None:
            self.notify("Open a topic first: exam practice is on its chapter.")
        else:
            self.open_exam(topic.chapter)

    def say_export(self) -> None:
        """Tell the student how to write a progress report for a teacher."""
        self.notify(
            "In a terminal: histtui export --out report.md   (Markdown; --format csv or json)\n"
            f"It reads your progress file: {self.session.store.path}",
            title="Progress report",
            timeout=15,
            markup=False,
        )

    # Moving between screens -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No key does anything once the student has quit (but quitting again)."""
        return not self.quitting or action == "quit"

    @on(OpenTopic)
    def on_open_topic(self, message: OpenTopic) -> None:
        if self.quitting:
            return
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
        if self.quitting:
            return
        self.close_pushed_screens()
        self.switch_screen("overview")

    @on(OpenExam)
    def on_open_exam(self, message: OpenExam) -> None:
        if self.quitting:
            return
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

        if self.quitting:
            return
        last = self.session.last_topic()
        chapter = last.chapter if last else None
        self.push_screen(TimelineScreen(chapter, message.topic))

    @on(OpenCaseStudies)
    def on_open_case_studies(self, message: OpenCaseStudies) -> None:
        """Open the list of case studies, or say that the guide has none."""
        from histtui.screens.case_study_list import CaseStudyListScreen  # opened on demand

        if self.session.guide.case_studies:
            self.push_screen(CaseStudyListScreen(message.chapter))
        else:
            self.notify("This guide has no case studies yet.", markup=False)

    @on(OpenCaseStudy)
    def on_open_case_study(self, message: OpenCaseStudy) -> None:
        """Open a case study at the first question on the source, showing that source."""
        from histtui.screens.case_study import open_at_source  # "Screens opened on demand"

        self.push_screen(open_at_source(message.case_study, message.letter))

    @on(OpenDrill)
    def on_open_drill(self, message: OpenDrill) -> None:
        """Open a drill of one skill across every case study."""
        from histtui.casework import drill
        from histtui.screens.case_study import CaseStudyScreen  # "Screens opened on demand"

        items = drill(self.session.guide, message.skill)
        if items:
            self.push_screen(CaseStudyScreen(items, drill=message.skill))

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
        """Every dated event in date order; `ctrl+f` there limits it to the chapter last read."""
        reader = self.get_screen("reader", ReaderScreen)
        if isinstance(self.screen, OverviewScreen | ReaderScreen):
            self.post_message(OpenTimeline(reader.topic if self.screen is reader else None))

    def action_statistics(self) -> None:
        """Statistics: heatmap, streaks, retention, forecast, chapters weakest first."""
        from histtui.screens.statistics import StatisticsScreen  # see "Screens opened on demand"

        if isinstance(self.screen, OverviewScreen | ReaderScreen):
            self.push_screen(StatisticsScreen())

    def action_set_exam_date(self) -> None:
        """Ask for the day of the student's exam (the Smart Guide plans to it)."""
        from histtui.screens.ask import ask_exam_date  # see "Screens opened on demand"

        ask_exam_date(self, self.session)

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self.screen).__name__))

    # -----------------------------------------------------------------------------------
    # Keeping work safe (docs/reliability.md): the warning bar and "too small" message on
    # every screen, saving before quitting and after a crash.

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


def binding_ids() -> dict[str, str]:
    """Every binding id a keys file may use, with what the key does."""
    from histtui.screens.timeline import TimelineScreen

    ids = {}
    for owner in (HistTUI, OverviewScreen, ReaderScreen, TimelineScreen):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                ids[binding.id] = f"{binding.key}: {binding.description}"
    return ids

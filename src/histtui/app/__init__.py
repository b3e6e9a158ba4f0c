"""The histtui app: screens, global keys, and what keeps a student's work safe.

The app renders and dispatches. What a student does is recorded by the StudySession
(`session.py`, no Textual); screens post messages (`screens/messages.py`) for the app to
open, close and switch screens, and everything that shows progress subscribes to
`progress_changed`, which carries the session's Changes.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme

from histtui.app.collector import KeysBeforeCollection
from histtui.app.safe import RETRY_SECONDS, SafeApp
from histtui.guide import Chapter, Topic
from histtui.paths import packaged_bytes
from histtui.screens.base import HoldsUnsavedWork
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
from histtui.session import Change, StudySession
from histtui.widgets.colours import console_styles, histtui_colours
from histtui.widgets.palette import CaseStudyCommands, TopicCommands, student_commands
from histtui.wording import chapter_label

# Screens opened on demand: the search, review, timeline, exam, note and help screens are
# imported when a student first opens them, not at start. Each brings Textual widgets
# (TextArea, Input...) that cost memory a student who only reads never uses; the peak
# memory target of docs/performance.md counts every one of them.

STYLES = Path(__file__).parent.parent / "histtui.tcss"
"""The styles of the Smart Guide and of every screen's safety bars: read at start. Inside
histtui.pyz it is no file, and is read through zipimport."""

SCREEN_STYLES = "screens.tcss"
"""The other screens' styles, beside STYLES: parsed after the first frame (load_screen_styles)."""


def _packaged_styles() -> str:
    """histtui.tcss read from the zip histtui runs from (Textual reads CSS_PATH as a file)."""
    return packaged_bytes("histtui.tcss").decode("utf-8")


SYNC_SECONDS = 1.0
"""How often histtui looks for what another running histtui saved, and retries a save that
waited for that one's lock."""


def reader_screen() -> Screen[Any]:
    """The reader, made (and its module imported) when the student first opens a topic."""
    from histtui.screens.reader import ReaderScreen

    return ReaderScreen()


class HistTUI(SafeApp, KeysBeforeCollection):
    """Revise a guide: the Smart Guide overview and a reader; progress saved at every change."""

    CSS_PATH = str(STYLES) if STYLES.is_file() else None
    CSS = "" if STYLES.is_file() else _packaged_styles()
    TITLE = "histtui"
    SCREENS: ClassVar[dict[str, Callable[[], Screen[Any]]]] = {"reader": reader_screen}
    COMMANDS = App.COMMANDS | {TopicCommands, CaseStudyCommands}
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

    def __init__(self, session: StudySession, keymap: Path | None = None) -> None:
        super().__init__(session)
        self.keymap_file = keymap
        """The student's keys file (paths.keymap_path()); None: Textual's keys as bound."""
        self.progress_changed: Signal[Change] = Signal(self, "progress-changed")
        """Published with every Change to the student's record, from this app or another."""
        self.console_styled = False
        """Whether style_console has pushed a theme onto the console."""
        self.screen_styles_loaded = False
        """Whether SCREEN_STYLES have been parsed (load_screen_styles)."""
        session.subscribe(self.publish_change)

    def on_mount(self) -> None:
        self.catch_quit_signals()
        self.event_loop = asyncio.get_running_loop()
        self.session.save_large_files_in_a_thread(self.run_on_loop)
        self.screen_change_signal.subscribe(self, self.fit_out_screen)
        self.screen_change_signal.subscribe(self, self.release_closed_screens)
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
        # Not pushed here: Textual holds back every frame until it has finished starting
        # (a batch around the app's mount), and a Smart Guide pushed now was laid out and
        # drawn for nothing inside it, then laid out and drawn again (docs/performance.md).
        self.call_later(self.open_overview)

    def open_overview(self) -> None:
        """Show the Smart Guide, once Textual has started, and what waits for it."""
        if self.quitting:
            return
        self.push_screen("overview")
        self.show_notices()
        self.load_keymap()
        self.call_after_refresh(self.after_first_frame)

    # Styles: the Smart Guide's at start, the other screens' after the first frame ---------

    def after_first_frame(self) -> None:
        """What waits for the first frame: the cycle collector (cli.main keeps it off while
        histtui starts) and the other screens' styles."""
        gc.enable()
        if not self.quitting:
            self.load_screen_styles()

    def load_screen_styles(self) -> None:
        """Parse the other screens' styles (SCREEN_STYLES), once, before any of them opens.

        Parsing every screen's styles at start cost about a tenth of the time to the first
        frame (docs/performance.md); none of their rules matches a widget of the Smart Guide.
        """
        if self.screen_styles_loaded:
            return
        self.screen_styles_loaded = True
        css = packaged_bytes(SCREEN_STYLES).decode("utf-8")
        self.stylesheet.add_source(css, read_from=(str(STYLES.with_name(SCREEN_STYLES)), ""))
        self.stylesheet.parse()  # only the new source: the others' rules are cached

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        if screen != "overview":
            self.load_screen_styles()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:
        if screen != "overview":
            self.load_screen_styles()
        return super().switch_screen(screen)

    def load_keymap(self) -> None:
        """Use the student's keys file, or say clearly why it is not used."""
        if self.keymap_file is None or not os.path.lexists(self.keymap_file):
            return  # the usual keys (and neither the keymap nor a screen imported)
        from histtui.keymap import KeymapError, load_keymap

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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """histtui's own commands for the palette (topics come from TopicCommands)."""
        return student_commands(self)

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

        styles = console_styles(self.get_css_variables())  # histtui's colours for the theme
        if self.console_styled:
            self.console.pop_theme()
        self.console.push_theme(RichTheme(styles))
        self.console_styled = True

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
        from histtui.screens.reader import ReaderScreen

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
        from histtui.screens.case_study_list import open_at_source  # "Screens opened on demand"

        self.push_screen(open_at_source(message.case_study, message.letter, self.session.progress))

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
        from histtui.screens.reader import ReaderScreen

        reader = self.get_screen("reader", ReaderScreen)
        if isinstance(self.screen, OverviewScreen | ReaderScreen):
            self.post_message(OpenTimeline(reader.topic if self.screen is reader else None))

    def action_statistics(self) -> None:
        """Statistics: heatmap, streaks, retention, forecast, chapters weakest first."""
        from histtui.screens.reader import ReaderScreen
        from histtui.screens.statistics import StatisticsScreen  # see "Screens opened on demand"

        if isinstance(self.screen, OverviewScreen | ReaderScreen):
            self.push_screen(StatisticsScreen())

    def action_set_exam_date(self) -> None:
        """Ask for the day of the student's exam (the Smart Guide plans to it)."""
        from histtui.screens.ask import ask_exam_date  # see "Screens opened on demand"

        ask_exam_date(self, self.session)

    def action_help(self) -> None:
        """Show every key."""
        from histtui.screens.help import HelpScreen  # see "Screens opened on demand"

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self.screen).__name__))


def binding_ids() -> dict[str, str]:
    """Every binding id a keys file may use, with what the key does."""
    from histtui.screens.reader import ReaderScreen
    from histtui.screens.timeline import TimelineScreen

    ids = {}
    for owner in (HistTUI, OverviewScreen, ReaderScreen, TimelineScreen):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                ids[binding.id] = f"{binding.key}: {binding.description}"
    return ids

"""The histtui app: screens, global keys, and the bridge to the student's progress."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from histtui import startup_probe
from histtui.commands import TopicCommands
from histtui.guide import Guide, Topic
from histtui.progress import Clock, ProgressStore, Stamped, utc_now
from histtui.screens.help import HelpScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen


class HistTUI(App[None]):
    """Revise a guide: the Smart Guide overview and a reader; progress saved at every change."""

    CSS_PATH = "histtui.tcss"
    TITLE = "histtui"
    COMMANDS = App.COMMANDS | {TopicCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("d", "toggle_theme", "Dark/light", show=False),
    ]

    def __init__(self, guide: Guide, store: ProgressStore, clock: Clock = utc_now) -> None:
        super().__init__()
        self.guide = guide
        self.store = store
        self.clock = clock
        self.progress = store.load()
        self.save_pending = False

    def on_mount(self) -> None:
        theme = self.progress.theme
        if theme is not None and theme.value in self.available_themes:
            self.theme = theme.value
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        self.install_screen(OverviewScreen(), "overview")
        self.install_screen(ReaderScreen(), "reader")
        self.push_screen("overview")
        startup_probe.arm(self.get_screen("overview"))  # off unless bench/run.py asks
        for notice in self.store.notices:
            self.notify(notice, title="Progress file", severity="warning", timeout=30)
        self.store.notices.clear()

    def save(self) -> None:
        """Save the student's progress now, and say so if it could not be saved."""
        self.save_pending = False
        self.store.save(self.progress)
        for notice in self.store.notices:
            self.notify(notice, title="Progress file", severity="warning", timeout=30)
        self.store.notices.clear()
        if self.store.save_error:
            self.notify(self.store.save_error, title="Not saved", severity="error", timeout=30)

    def open_topic(self, topic: Topic) -> None:
        """Open a topic in the reader and remember it as the last topic read.

        That is saved once the topic has been painted: on an old disk the save's fsync
        takes longer than drawing the page, and the student is waiting for the page.
        """
        self.progress.last_topic = Stamped(topic.id, self.clock())
        reader = self.get_screen("reader", ReaderScreen)
        reader.show_topic(topic)
        if self.screen is not reader:
            self.switch_screen(reader)
        if not self.save_pending:
            self.save_pending = True
            self.call_after_refresh(self.save_if_pending)

    def save_if_pending(self) -> None:
        """Make the save open_topic left for after the paint, unless another save made it."""
        if self.save_pending:
            self.save()

    def set_complete(self, topic: Topic, complete: bool) -> None:
        """Mark a topic complete or incomplete, and save."""
        self.progress.set_complete(topic.id, complete, self.clock())
        self.save()

    def show_overview(self) -> None:
        """Go back to the Smart Guide overview."""
        self.switch_screen("overview")

    def remember_theme(self, theme: Theme) -> None:
        """Keep the student's theme for next time."""
        stamped = self.progress.theme
        if stamped is None or stamped.value != theme.name:
            self.progress.theme = Stamped(theme.name, self.clock())
            self.save()

    async def action_quit(self) -> None:
        """Quit, saving first if a save is still waiting for the screen to be painted."""
        self.save_if_pending()
        self.exit()

    def action_toggle_theme(self) -> None:
        """Switch between Textual's dark and light themes."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

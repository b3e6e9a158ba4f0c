"""The note editor: the student's own note on a topic."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from histtui.guide import Topic
from histtui.screens.dialogs import SaveChangesDialog

if TYPE_CHECKING:
    from histtui.app import HistTUI


class NoteScreen(Screen[None]):
    """Edit the note on one topic. ctrl+s saves; escape asks about unsaved changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Back"),
    ]
    AUTO_FOCUS = "#note-text"

    def __init__(self, topic: Topic) -> None:
        super().__init__()
        self.topic = topic

    @property
    def histtui(self) -> HistTUI:
        """The app, with the student's progress."""
        return cast("HistTUI", self.app)

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Your note: ", "bold"), self.topic.title), id="note-heading")
        yield TextArea(self.histtui.progress.note(self.topic.id), id="note-text", soft_wrap=True)
        yield Static(id="note-state")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).move_cursor(self.query_one(TextArea).document.end)
        self.show_state()

    @property
    def text(self) -> str:
        """What the editor holds now."""
        return self.query_one(TextArea).text

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds changes that are not saved."""
        return self.text.strip() != self.histtui.progress.note(self.topic.id).strip()

    def on_text_area_changed(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        """Say whether the note is saved."""
        self.query_one("#note-state", Static).update(
            "Unsaved changes: ctrl+s saves" if self.unsaved else "Saved"
        )

    def save_unsaved(self) -> None:
        """Save the note if it has changed (the app calls this before it quits)."""
        if self.unsaved:
            self.histtui.save_note(self.topic, self.text)
            self.show_state()

    def action_save(self) -> None:
        """Save the note now."""
        self.save_unsaved()
        self.notify("Note saved", timeout=2)

    def action_leave(self) -> None:
        """Back to the topic; ask first if there are unsaved changes."""
        if not self.unsaved:
            self.dismiss()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.save_unsaved()
            if choice in ("save", "discard"):
                self.dismiss()

        self.app.push_screen(SaveChangesDialog("your note"), chosen)

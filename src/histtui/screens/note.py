"""The note editor: the student's own note on a topic."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static, TextArea

from histtui.guide import Topic
from histtui.screens.base import StudyScreen
from histtui.screens.dialogs import SaveChangesDialog
from histtui.widgets.footer import KeyBar


class NoteScreen(StudyScreen[None]):
    """Edit the note on one topic. ctrl+s saves; escape asks about unsaved changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Back"),
    ]
    AUTO_FOCUS = "#note-text"

    def __init__(self, topic: Topic) -> None:
        super().__init__()
        self.topic = topic
        self.saved_here = False
        """Whether this editor has saved the note (until then it does not say "Saved")."""

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Your note: ", "bold"), self.topic.title), id="note-heading")
        yield TextArea(self.session.progress.note(self.topic.id), id="note-text", soft_wrap=True)
        yield Static(id="note-state")
        yield KeyBar()

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
        return self.text.strip() != self.session.progress.note(self.topic.id).strip()

    def on_text_area_changed(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        """Say whether the note is saved."""
        if self.unsaved:
            state = "Unsaved changes: ctrl+s saves"
        elif self.saved_here:
            state = "Saved"
        else:
            state = "ctrl+s saves your note, escape goes back"
        self.query_one("#note-state", Static).update(state)

    def save_unsaved(self) -> bool:
        """Save the note if it has changed (the app calls this before it quits); whether
        there was anything to save."""
        changed = self.session.save_note(self.topic, self.text)
        self.saved_here = self.saved_here or changed
        self.show_state()
        return changed

    def action_save(self) -> None:
        """Save what the editor holds once it has taken in every key and paste sent before
        ctrl+s; say "Note saved" only once it is on disk."""
        self.query_one(TextArea).call_later(self.save_now)

    def save_now(self) -> None:
        """Save the editor's text now, and say whether it reached the disk."""
        if not self.save_unsaved():
            return
        if self.session.saved:
            self.notify("Note saved", timeout=2)
        else:
            self.notify(
                "Your note is kept, but not saved to disk yet: see the bar at the top.",
                severity="warning",
                timeout=4,
            )

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

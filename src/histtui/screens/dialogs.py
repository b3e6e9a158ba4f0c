"""Small dialogs that return the student's choice."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class SaveChangesDialog(ModalScreen[str]):
    """Asks what to do with unsaved text: "save", "discard" or "cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,s,enter", "choose('save')", "Save"),
        Binding("n,d", "choose('discard')", "Discard"),
        Binding("escape,c", "choose('cancel')", "Keep editing"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Save your changes to {self.what}?", style="bold"))
            yield Static(
                Text.assemble(
                    ("y", "bold"),
                    " save   ",
                    ("n", "bold"),
                    " discard   ",
                    ("escape", "bold"),
                    " keep editing",
                ),
                id="dialog-keys",
            )

    def action_choose(self, choice: str) -> None:
        """Close the dialog with the student's choice."""
        self.dismiss(choice)

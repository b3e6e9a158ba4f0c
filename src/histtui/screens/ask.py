"""A small dialog that asks for one value (a date, a number), checked before it closes.

Imported when first opened: its Input is not needed at start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

Check = Callable[[str], str | None]
"""What is wrong with a typed value, or None when it will do."""


class AskDialog(ModalScreen[str | None]):
    """Asks one question; dismisses with the typed text (checked), or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str, hint: str, check: Check) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="ask"):
            yield Static(Text(self.question, style="bold"))
            yield Input(self.value, id="ask-input")
            yield Static(Text(self.hint, style="dim"), id="ask-hint")
            yield Static(
                Text.assemble(("enter", "bold"), " save   ", ("escape", "bold"), " cancel"),
                id="ask-keys",
            )

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        """Close with the value if it is good; say what is wrong if not."""
        problem = self.check(event.value.strip())
        if problem is None:
            self.dismiss(event.value.strip())
        else:
            self.query_one("#ask-hint", Static).update(Text(problem, style="bold red"))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

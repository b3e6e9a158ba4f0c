"""A small dialog that asks for one value (a date, a number), checked before it closes.

Imported when first opened: its Input is not needed at start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from histtui.session import StudySession

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


def ask_exam_date(app: App[Any], session: StudySession) -> None:
    """Ask for the day of the student's exam and keep it (the Smart Guide plans to it)."""

    def check(value: str) -> str | None:
        if not value:
            return None
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "A date as year-month-day, such as 2027-05-20 (empty: no date)."
        return None

    def done(value: str | None) -> None:
        if value is None:
            return
        day = dt.date.fromisoformat(value) if value else None
        session.set_exam_date(day)
        app.notify(
            f"Exam date: {day.day} {day:%B %Y}." if day else "Exam date cleared.",
            markup=False,
        )

    exam = session.exam_date
    app.push_screen(
        AskDialog(
            "The day of your exam",
            exam.isoformat() if exam else "",
            "Year-month-day, such as 2027-05-20. The Smart Guide plans your topics to "
            "finish a week before it.",
            check,
        ),
        done,
    )

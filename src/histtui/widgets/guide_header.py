"""The top of the Smart Guide: the guide's title, "42% Complete   79/187 Steps", the bar
for the whole guide and the cards due, as one widget.

They were four Statics; each widget is styled, laid out and painted on its own before the
first frame, and these four lines are the first thing a student sees.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, NewLine
from rich.progress_bar import ProgressBar
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from histtui.wording import percent


class GuideHeader(Widget):
    """The guide's title, its overall progress as words and a bar, and a line under them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"guide-header--title"}

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        """The guide's title (a teacher's, from the guide file: shown as text, never markup)."""
        self.done = 0
        """Topics marked complete."""
        self.total = 0
        """Topics in the guide."""
        self.under = Text()
        """The line under the bar (the cards due, and the keys to use them)."""

    @property
    def label(self) -> Text:
        """ "42% Complete   79/187 Steps", as on the web guide."""
        return Text.assemble(
            (f"{percent(self.done, self.total)}% Complete", "bold"),
            f"   {self.done}/{self.total} Steps",
        )

    def show(
        self, done: int | None = None, total: int | None = None, under: Text | None = None
    ) -> None:
        """Show new figures, or a new line under the bar (what is not given stays)."""
        if done is not None:
            self.done = done
        if total is not None:
            self.total = total
        if under is not None:
            self.under = under
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        title = Text(
            self.title, style=self.get_component_rich_style("guide-header--title", partial=True)
        )
        return Group(
            title,
            Text(),
            self.label,
            ProgressBar(total=self.total, completed=self.done),
            NewLine(2),  # the bar does not end its line
            self.under,
        )

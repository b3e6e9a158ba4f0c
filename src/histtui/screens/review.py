"""Flashcard review: the cards that are due, graded Again / Hard / Good / Easy."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from histtui.scheduling import RATING_NAMES, DueCard
from histtui.screens.base import StudyScreen
from histtui.wording import chapter_label, plural


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """A due time as a student reads it: "in 10 minutes", "tomorrow", "on 3 April"."""
    delta = moment - now
    if delta <= dt.timedelta(0):
        return "now"
    if delta < dt.timedelta(hours=1):
        minutes = max(1, round(delta.total_seconds() / 60))
        return f"in {plural(minutes, 'minute')}"
    if delta < dt.timedelta(days=1):
        hours = round(delta.total_seconds() / 3600)
        return f"in {plural(hours, 'hour')}"
    local, today = moment.astimezone(), now.astimezone()
    days = (local.date() - today.date()).days
    if days == 1:
        return "tomorrow"
    return (
        f"on {local.day} {local:%B %Y}"
        if local.year != today.year
        else f"on {local.day} {local:%B}"
    )


class ReviewScreen(StudyScreen[None]):
    """One card at a time: front, space for the back, then 1-4 to grade it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer"),
        Binding("1", "grade(1)", "Again"),
        Binding("2", "grade(2)", "Hard"),
        Binding("3", "grade(3)", "Good"),
        Binding("4", "grade(4)", "Easy"),
        Binding("escape", "leave", "End review"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[DueCard] = []
        self.revealed = False
        self.grades: Counter[int] = Counter()

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(id="review-count")
            yield Static(id="review-topic")
            yield Static(id="review-front")
            yield Static(id="review-back")
            yield Static(id="review-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.queue = self.session.reviewer.due(self.session.clock())
        self.show_card()

    @property
    def card(self) -> DueCard | None:
        """The card being reviewed, or None when the session is over."""
        return self.queue[0] if self.queue else None

    def show_card(self) -> None:
        """Show the current card's front, or the summary when none is left."""
        self.revealed = False
        back = self.query_one("#review-back", Static)
        back.display = False
        card = self.card
        if card is None:
            self.show_summary()
            return
        reviewed = sum(self.grades.values())
        self.query_one("#review-count", Static).update(
            Text.assemble(
                ("Flashcards", "bold"), f"   {len(self.queue)} to go, {reviewed} reviewed"
            )
        )
        chapter = card.topic.chapter
        self.query_one("#review-topic", Static).update(
            Text.assemble(chapter_label(chapter), " › ", card.topic.title, style="dim")
        )
        self.query_one("#review-front", Static).update(Text(card.card.front, style="bold"))
        back.update(Text(card.card.back))
        self.query_one("#review-keys", Static).update(
            Text.assemble(("space", "bold"), " show the answer")
        )
        self.refresh_bindings()

    def show_summary(self) -> None:
        """The end of the session: what was reviewed and when the next card is due."""
        reviewed = sum(self.grades.values())
        next_due = self.session.reviewer.next_due()
        now = self.session.clock()
        if reviewed:
            heading = Text(
                f"Review finished: {plural(reviewed, 'card')} reviewed",
                style="bold",
            )
            counts = ", ".join(f"{RATING_NAMES[r]} {self.grades[r]}" for r in RATING_NAMES)
        else:
            heading = Text("No cards are due.", style="bold")
            counts = (
                "Cards join your reviews when you mark a topic complete (c), "
                "or press R on a chapter to add its cards now."
                if next_due is None
                else ""
            )
        self.query_one("#review-count", Static).update(heading)
        self.query_one("#review-topic", Static).update(counts)
        self.query_one("#review-front", Static).update(
            f"Next card due {when(next_due, now)}." if next_due is not None else ""
        )
        self.query_one("#review-keys", Static).update(Text.assemble(("escape", "bold"), " back"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show the answer before grading; nothing to do once the session is over."""
        if action == "reveal":
            return self.card is not None and not self.revealed
        if action == "grade":
            return self.card is not None and self.revealed
        return True

    def action_reveal(self) -> None:
        """Show the back of the card."""
        self.revealed = True
        self.query_one("#review-back", Static).display = True
        self.query_one("#review-keys", Static).update(
            Text.assemble(
                ("1", "bold"),
                " Again   ",
                ("2", "bold"),
                " Hard   ",
                ("3", "bold"),
                " Good   ",
                ("4", "bold"),
                " Easy",
            )
        )
        self.refresh_bindings()

    def action_grade(self, rating: int) -> None:
        """Grade the card, schedule it, save, and go on; Again brings it back this session."""
        card = self.queue.pop(0)
        self.session.grade(card.key, rating)
        self.grades[rating] += 1
        if rating == 1:
            self.queue.append(card)
        self.show_card()

    def action_leave(self) -> None:
        """End the review."""
        self.dismiss()

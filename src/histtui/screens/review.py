"""Flashcard review: the cards that are due, graded Again / Hard / Good / Easy."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from histtui.scheduling import RATING_NAMES, DueCard, interval_label
from histtui.screens.base import StudyScreen
from histtui.widgets.charts import counts_text
from histtui.widgets.footer import KeyBar
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

    # At 80 columns these labels leave the footer first (the keys still work).
    FOOTER_DROPS = ("suspend", "undo", "quit")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", "Show answer"),
        Binding("1", "grade(1)", "Again"),
        Binding("2", "grade(2)", "Hard"),
        Binding("3", "grade(3)", "Good"),
        Binding("4", "grade(4)", "Easy"),
        Binding("u", "undo", "Undo"),
        Binding("exclamation_mark", "suspend", "Suspend"),
        Binding("escape", "leave", "End review"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[DueCard] = []
        self.revealed = False
        self.grades: Counter[int] = Counter()
        self.history: list[tuple[DueCard, int]] = []
        """What this session graded (0: suspended), last last, for undo."""

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(id="review-count")
            yield Static(id="review-topic")
            yield Static(id="review-front")
            yield Static(id="review-back")
            yield Static(id="review-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refill()
        self.show_card()

    def refill(self) -> None:
        """Take the queue from the one definition of due (scheduling.Reviewer.queue)."""
        session = self.session
        self.queue = session.reviewer.queue(session.clock(), session.new_cards_per_day)

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
        front = self.query_one("#review-front", Static)
        if card is None:
            front.display = False
            self.show_summary()
            return
        front.display = True
        reviewed = sum(self.grades.values())
        self.query_one("#review-count", Static).update(
            Text.assemble(
                ("Flashcards", "bold"),
                "   ",
                counts_text(self.session.due_counts(), card.kind),
                f"   ({reviewed} reviewed)" if reviewed else "",
            )
        )
        chapter = card.topic.chapter
        self.query_one("#review-topic", Static).display = True
        self.query_one("#review-topic", Static).update(
            Text.assemble(chapter_label(chapter), " › ", card.topic.title, style="dim")
        )
        front.update(Text(card.card.front, style="bold"))
        back.update(Text(card.card.back))
        self.query_one("#review-keys", Static).update(
            Text.assemble(
                ("space", "bold"),
                " show the answer   ",
                ("!", "bold"),
                " suspend",
                *((("   ", ("u", "bold"), " undo")) if self.session.can_undo else ()),
            )
        )
        self.refresh_bindings()

    def show_summary(self) -> None:
        """The end of the session: what was reviewed and when the next card is due."""
        reviewed = sum(self.grades.values())
        session = self.session
        next_due = session.reviewer.next_due()
        now = session.clock()
        counts = session.due_counts()
        if reviewed:
            heading = Text(
                f"Review finished: {plural(reviewed, 'card')} reviewed",
                style="bold",
            )
            detail = ", ".join(f"{RATING_NAMES[r]} {self.grades[r]}" for r in RATING_NAMES)
        else:
            heading = Text("No cards are due.", style="bold")
            detail = (
                "Cards join your reviews when you mark a topic complete (c), "
                "or press R on a chapter to add its cards now."
                if next_due is None
                else ""
            )
        lines = [f"Next card due {when(next_due, now)}." if next_due is not None else ""]
        if counts.now == 0 and session.reviewer.due(now):
            lines.append(
                f"Today's {plural(session.new_cards_per_day, 'new card')} are done; "
                "more join tomorrow (N on the Smart Guide sets how many)."
            )
        self.query_one("#review-count", Static).update(heading)
        topic = self.query_one("#review-topic", Static)
        topic.update(Text("\n".join(filter(None, lines))))
        topic.display = any(lines)
        self.query_one("#review-keys", Static).update(
            Text.assemble(
                Text(detail + "\n\n") if detail else "",
                ("escape", "bold"),
                " back",
                *((("   ", ("u", "bold"), " undo the last grade")) if session.can_undo else ()),
            )
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show the answer before grading; nothing to do once the session is over."""
        if action == "reveal":
            return self.card is not None and not self.revealed
        if action == "grade":
            return self.card is not None and self.revealed
        if action == "suspend":
            return self.card is not None
        if action == "undo":
            return self.session.can_undo
        return True

    def action_reveal(self) -> None:
        """Show the back of the card, and what each grade would give it (from FSRS)."""
        card = self.card
        if card is None:
            return
        self.revealed = True
        self.query_one("#review-back", Static).display = True
        intervals = self.session.reviewer.preview(card.key, self.session.clock())
        keys = Text()
        for rating, name in RATING_NAMES.items():
            keys.append_text(
                Text.assemble(
                    (str(rating), "bold"), f" {name} ", (interval_label(intervals[rating]), "dim")
                )
            )
            if rating != 4:
                keys.append("   ")
        self.query_one("#review-keys", Static).update(keys)
        self.refresh_bindings()

    def action_grade(self, rating: int) -> None:
        """Grade the card, schedule it, save, and go on; Again brings it back this session."""
        card = self.queue.pop(0)
        self.session.grade(card.key, rating)
        self.grades[rating] += 1
        self.history.append((card, rating))
        self.refill()
        if rating == 1 and all(due.key != card.key for due in self.queue):
            self.queue.append(card)  # Again: it comes back before this session ends
        self.show_card()

    def action_suspend(self) -> None:
        """Never show this card again (u undoes it)."""
        card = self.card
        if card is None:
            return
        self.session.suspend_card(card.key)
        self.history.append((card, 0))
        self.notify("Card suspended: it will not come back. u undoes this.", markup=False)
        self.refill()
        self.show_card()

    def action_undo(self) -> None:
        """Undo the last grade (or suspension): the card comes back, as it was."""
        key = self.session.undo_grade()
        if key is None:
            return
        if self.history and self.history[-1][0].key == key:
            _, rating = self.history.pop()
            if rating:
                self.grades[rating] -= 1
        self.refill()
        self.queue.sort(key=lambda due: due.key != key)  # the undone card first
        self.show_card()

    def action_leave(self) -> None:
        """End the review."""
        self.dismiss()

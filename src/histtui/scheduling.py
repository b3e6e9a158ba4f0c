"""Flashcard review by spaced repetition, with the FSRS scheduler (the `fsrs` package).

Plain Python with no Textual import. A card's state lives in the student's progress, keyed
by `card_key` (the topic id and a hash of the card's front), so reordering a topic's cards
keeps their schedules and rewriting a card's question starts it afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from histtui.guide import Card, Guide, Topic
from histtui.progress import CardRecord, Progress, Review

if TYPE_CHECKING:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

# fsrs (with its dependencies) is imported when a card is first scheduled or read, not at
# start: the overview's "N cards due today" needs no FSRS while no card is in review.

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_TIMES = ("due", "last_review")


def card_key(topic: Topic, card: Card) -> str:
    """The id a card's schedule is stored under: its topic's id and a hash of its front."""
    digest = hashlib.sha1(card.front.encode("utf-8")).hexdigest()[:8]
    return f"{topic.id}#{digest}"


@dataclass(frozen=True)
class DueCard:
    """A card waiting for review."""

    key: str
    card: Card
    topic: Topic
    due: dt.datetime


class Reviewer:
    """Schedules a guide's flashcards for one student."""

    def __init__(self, guide: Guide, progress: Progress) -> None:
        self.guide = guide
        self.progress = progress
        self._keys: dict[str, list[str]] = {}
        """Each topic's card keys, by topic id, hashed once (a guide does not change)."""

    @cached_property
    def scheduler(self) -> Scheduler:
        """The FSRS scheduler (fsrs is imported on first use)."""
        from fsrs import Scheduler

        return Scheduler(enable_fuzzing=False)

    def cards(self, topics: Iterable[Topic] | None = None) -> Iterable[tuple[str, Card, Topic]]:
        """Every card of these topics (default: the whole guide) with its key."""
        keys = self._keys
        for topic in self.guide.topics if topics is None else topics:
            found = keys.get(topic.id)
            if found is None:
                found = keys[topic.id] = [card_key(topic, card) for card in topic.cards]
            yield from zip(found, topic.cards, [topic] * len(found), strict=True)

    def enrol(self, topics: Iterable[Topic], now: dt.datetime) -> int:
        """Put these topics' cards into review, due now; return how many were new."""
        from fsrs import Card as FsrsCard

        added = 0
        for key, _, _ in self.cards(topics):
            if key not in self.progress.cards:
                card_id = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)
                fresh = FsrsCard(card_id=card_id, due=now)
                self.progress.cards[key] = CardRecord(now, _to_state(fresh))
                added += 1
        return added

    def due(self, now: dt.datetime, topics: Iterable[Topic] | None = None) -> list[DueCard]:
        """Cards due by `now`, soonest first, then in guide order."""
        due = [
            DueCard(key, card, topic, when)
            for key, card, topic in self.cards(topics)
            if (when := self.due_at(key)) is not None and when <= now
        ]
        return sorted(due, key=lambda item: item.due)

    def due_at(self, key: str) -> dt.datetime | None:
        """When a card is next due, or None if it has not entered review."""
        record = self.progress.cards.get(key)
        if record is None:
            return None
        return _card(record).due

    def due_today(self, now: dt.datetime) -> int:
        """How many cards are due before the end of the student's day."""
        if not self.progress.cards:
            return 0  # nothing in review: no card needs its key hashed or its state read
        local = now.astimezone()
        end_of_day = local.replace(hour=23, minute=59, second=59, microsecond=0)
        return len(self.due(end_of_day))

    def next_due(self) -> dt.datetime | None:
        """When the next card of the guide is due, or None if none is in review."""
        times = [when for key, _, _ in self.cards() if (when := self.due_at(key)) is not None]
        return min(times, default=None)

    def grade(self, key: str, rating: int, now: dt.datetime) -> dt.datetime:
        """Record a grading (1 Again .. 4 Easy); return when the card is next due."""
        from fsrs import Rating

        card, _ = self.scheduler.review_card(_card(self.progress.cards[key]), Rating(rating), now)
        self.progress.cards[key] = CardRecord(now, _to_state(card))
        self.progress.reviews.append(Review(key, rating, now))
        return card.due

    def reviewed(self, topics: Iterable[Topic]) -> int:
        """How many gradings the review log holds for these topics' cards."""
        keys = {key for key, _, _ in self.cards(topics)}
        return sum(1 for review in self.progress.reviews if review.card in keys)


def _to_state(card: FsrsCard) -> dict[str, Any]:
    state = {key: value for key, value in card.to_dict().items() if value is not None}
    for key in _TIMES:
        if key in state:
            state[key] = dt.datetime.fromisoformat(str(state[key]))
    return state


def _card(record: CardRecord) -> FsrsCard:
    from fsrs import Card as FsrsCard

    state: dict[str, Any] = {
        "step": None,
        "stability": None,
        "difficulty": None,
        "last_review": None,
    }
    state.update(record.state)
    for key in _TIMES:
        if isinstance(state.get(key), dt.datetime):
            state[key] = state[key].isoformat()
    return FsrsCard.from_dict(state)  # type: ignore[arg-type]

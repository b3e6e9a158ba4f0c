"""Flashcard review by spaced repetition, with the FSRS scheduler (the `fsrs` package).

Plain Python with no Textual import. A card's state lives in the student's progress, keyed
by `card_key` (the topic id and a hash of the card's front), so reordering a topic's cards
keeps their schedules and rewriting a card's question starts it afresh.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from histtui.config import NEW_CARDS_PER_DAY
from histtui.digests import sha1_hex
from histtui.guide import Card, Guide, Topic
from histtui.progress import CardRecord, Progress, Review

if TYPE_CHECKING:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

# fsrs is imported when a card is first scheduled or read, not at start: a student who
# only reads never waits for it (docs/performance.md).
"""The keys a student grades with, and what they mean to FSRS."""

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_TIMES = ("due", "last_review")


def card_key(topic: Topic, card: Card) -> str:
    """The id a card's schedule is stored under: its topic's id and a hash of its front."""
    digest = sha1_hex(card.front.encode("utf-8"))[:8]
    return f"{topic.id}#{digest}"


class DueCard(NamedTuple):
    """A card waiting for review."""

    key: str
    card: Card
    topic: Topic
    due: dt.datetime
    kind: str = "review"
    """"new" (never graded), "learning" (in its learning or relearning steps) or "review"."""


class DueCounts(NamedTuple):
    """What "due" means, once, for every screen and the report (Anki's three counts).

    `new`: new cards the daily limit still lets in today; `learning`: cards in their
    learning steps due now; `review`: cards in review due now; `later_today`: cards not
    due yet that fall due before the end of the student's local day.
    """

    new: int = 0
    learning: int = 0
    review: int = 0
    later_today: int = 0

    @property
    def now(self) -> int:
        """Cards to review now: new (within the limit) + learning + review."""
        return self.new + self.learning + self.review


def new_card_limit(progress: Progress, default: int = NEW_CARDS_PER_DAY) -> int:
    """The daily limit on new cards: the one set on the Smart Guide, else `default`
    (the config file's)."""
    setting = progress.new_cards_per_day
    if setting is not None and setting.value.isdigit():
        return int(setting.value)
    return default


def end_of_day(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The next midnight of the student's local day (their time zone, or `tz`)."""
    local = now.astimezone(tz)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), local.tzinfo)
    return midnight if tz is not None else midnight.astimezone()


def start_of_day(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The midnight that began the student's local day."""
    return end_of_day(now, tz) - dt.timedelta(days=1)


def graded(reviews: Iterable[Review]) -> list[Review]:
    """The gradings of a review log that stand: not undone, and not suspensions."""
    reviews = list(reviews)
    if all(review.kind == "grade" for review in reviews):
        return reviews
    undone = {(review.card, review.undoes) for review in reviews if review.kind == "undo"}
    return [
        review
        for review in reviews
        if review.kind == "grade" and (review.card, review.at) not in undone
    ]


def interval_label(interval: dt.timedelta) -> str:
    """An interval as Anki shows it on a grade: "<10m", "3h", "4d", "2.5mo", "1.2y"."""
    minutes = interval.total_seconds() / 60
    if minutes < 60:
        return f"<{max(1, math.ceil(minutes))}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


class Reviewer:
    """Schedules a guide's flashcards for one student."""

    def __init__(self, guide: Guide, progress: Progress) -> None:
        self.guide = guide
        self.progress = progress
        # The scheduler's card for each record, remade when the record is replaced (every
        # change replaces it): reading them from the records is most of the statistics' time.
        self._cards: dict[str, tuple[CardRecord, FsrsCard]] = {}
        self._keys: dict[int, tuple[str, Card]] = {}
        """Each card's key (a hash of its front), by the card's id (the guide never changes)."""

    @cached_property
    def scheduler(self) -> Scheduler:
        """The FSRS scheduler (fsrs is imported on first use)."""
        from fsrs import Scheduler

        return Scheduler(enable_fuzzing=False)

    def _fsrs(self, key: str, record: CardRecord) -> FsrsCard:
        cached = self._cards.get(key)
        if cached is not None and cached[0] is record:
            return cached[1]
        card = _card(record)
        self._cards[key] = (record, card)
        return card

    def cards(self, topics: Iterable[Topic] | None = None) -> Iterable[tuple[str, Card, Topic]]:
        """Every card of these topics (default: the whole guide) with its key."""
        keys = self._keys
        for topic in self.guide.topics if topics is None else topics:
            for card in topic.cards:
                key = keys.get(id(card))
                if key is None or key[1] is not card:
                    key = keys[id(card)] = (card_key(topic, card), card)
                yield key[0], card, topic

    def enrol(self, topics: Iterable[Topic], now: dt.datetime) -> int:
        """Put these topics' cards into review, due now; return how many were new."""
        added = 0
        for key, _, _ in self.cards(topics):
            if key not in self.progress.cards:
                card_id = int(sha1_hex(key.encode("utf-8"))[:12], 16)
                from fsrs import Card as FsrsCard

                fresh = FsrsCard(card_id=card_id, due=now)
                self.progress.cards[key] = CardRecord(now, _to_state(fresh))
                added += 1
        return added

    def fsrs_card(self, key: str) -> FsrsCard | None:
        """The scheduler's card for `key`, or None if it has not entered review."""
        record = self.progress.cards.get(key)
        return None if record is None else self._fsrs(key, record)

    def enrolled_topics(self) -> set[str]:
        """The ids of the topics with a card in review (a card's key starts with its topic's)."""
        return {key.partition("#")[0] for key in self.progress.cards}

    def suspended(self, key: str) -> bool:
        """Whether the student asked never to see this card again."""
        record = self.progress.cards.get(key)
        return record is not None and record.state.get(SUSPENDED) is True

    def in_review(self, topics: Iterable[Topic] | None = None) -> list[DueCard]:
        """Every enrolled, unsuspended card of these topics, with its kind and due time."""
        found = []
        records = self.progress.cards
        enrolled = self.enrolled_topics()
        topics = self.guide.topics if topics is None else topics
        for key, card, topic in self.cards(t for t in topics if t.id in enrolled):
            record = records.get(key)
            if record is None or record.state.get(SUSPENDED) is True:
                continue
            fsrs = self._fsrs(key, record)
            found.append(DueCard(key, card, topic, fsrs.due, _kind(fsrs)))
        return found

    def new_introduced(self, now: dt.datetime, tz: dt.tzinfo | None = None) -> int:
        """How many new cards were graded for the first time today (the student's day)."""
        since = start_of_day(now, tz)
        today: set[str] = set()
        for review in graded(self.progress.reviews):
            if review.at >= since and review.elapsed_days in (0, None):
                today.add(review.card)
        before = {
            review.card
            for review in graded(self.progress.reviews)
            if review.at < since and review.card in today
        }
        return len(today - before)

    def queue(
        self,
        now: dt.datetime,
        new_limit: int = NEW_CARDS_PER_DAY,
        topics: Iterable[Topic] | None = None,
        tz: dt.tzinfo | None = None,
    ) -> list[DueCard]:
        """The cards to review now, in order: learning and review cards due by `now`
        (soonest first), then new cards in guide order, as many as today's limit leaves."""
        cards = self.in_review(topics)
        due = sorted(
            (card for card in cards if card.kind != "new" and card.due <= now),
            key=lambda card: card.due,
        )
        room = max(0, new_limit - self.new_introduced(now, tz))
        new = [card for card in cards if card.kind == "new" and card.due <= now][:room]
        return due + new

    def counts(
        self,
        now: dt.datetime,
        new_limit: int = NEW_CARDS_PER_DAY,
        topics: Iterable[Topic] | None = None,
        tz: dt.tzinfo | None = None,
    ) -> DueCounts:
        """The new / learning / review cards due now and the cards due later today."""
        queue = self.queue(now, new_limit, topics, tz)
        end = end_of_day(now, tz)
        later = sum(
            1 for card in self.in_review(topics) if card.kind != "new" and now < card.due < end
        )
        return DueCounts(
            sum(1 for card in queue if card.kind == "new"),
            sum(1 for card in queue if card.kind == "learning"),
            sum(1 for card in queue if card.kind == "review"),
            later,
        )

    def due(self, now: dt.datetime, topics: Iterable[Topic] | None = None) -> list[DueCard]:
        """Every unsuspended card due by `now` (no daily limit), soonest first."""
        due = [card for card in self.in_review(topics) if card.due <= now]
        return sorted(due, key=lambda item: item.due)

    def due_at(self, key: str) -> dt.datetime | None:
        """When a card is next due, or None if it has not entered review."""
        record = self.progress.cards.get(key)
        if record is None:
            return None
        return self._fsrs(key, record).due

    def next_due(self) -> dt.datetime | None:
        """When the next unsuspended card of the guide is due, or None if none is."""
        return min((card.due for card in self.in_review()), default=None)

    def preview(self, key: str, now: dt.datetime) -> dict[int, dt.timedelta]:
        """The interval each grade (1-4) would give this card now."""
        from fsrs import Rating

        card = _card(self.progress.cards[key])
        intervals = {}
        for number in RATING_NAMES:
            after, _ = self.scheduler.review_card(card, Rating(number), now)
            intervals[number] = after.due - now
        return intervals

    def grade(self, key: str, rating: int, now: dt.datetime) -> dt.datetime:
        """Record a grading (1 Again .. 4 Easy); return when the card is next due."""
        from fsrs import Rating

        before = _card(self.progress.cards[key])
        elapsed = 0 if before.last_review is None else max(0, (now - before.last_review).days)
        card, _ = self.scheduler.review_card(before, Rating(rating), now)
        self.progress.cards[key] = CardRecord(now, _to_state(card))
        self.progress.reviews.append(Review(key, rating, now, elapsed))
        return card.due

    def reviewed(self, topics: Iterable[Topic]) -> int:
        """How many gradings that stand the review log holds for these topics' cards."""
        keys = {key for key, _, _ in self.cards(topics)}
        return sum(1 for review in graded(self.progress.reviews) if review.card in keys)

    def retrievability(self, key: str, now: dt.datetime) -> float | None:
        """FSRS's predicted chance of recalling the card now (None if never graded)."""
        card = self.fsrs_card(key)
        if card is None or card.last_review is None:
            return None
        return float(self.scheduler.get_card_retrievability(card, now))


SUSPENDED = "suspended"
"""The key a suspended card's record carries (true) beside the scheduler's fields."""


def _kind(card: FsrsCard) -> str:
    if card.last_review is None:
        return "new"
    from fsrs import State

    return "review" if card.state == State.Review else "learning"


def _to_state(card: FsrsCard) -> dict[str, Any]:
    state = {key: value for key, value in card.to_dict().items() if value is not None}
    for key in _TIMES:
        if key in state:
            state[key] = dt.datetime.fromisoformat(str(state[key]))
    return state


def _card(record: CardRecord) -> FsrsCard:
    state = record.state

    def number(name: str) -> float | None:
        value = state.get(name)
        return float(value) if value else None

    def moment(name: str) -> dt.datetime | None:
        value = state.get(name)
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return value if isinstance(value, dt.datetime) else None

    step = state.get("step")
    from fsrs import Card as FsrsCard
    from fsrs import State

    return FsrsCard(
        card_id=int(state["card_id"]),
        state=State(int(state["state"])),
        step=step if isinstance(step, int) else None,
        stability=number("stability"),
        difficulty=number("difficulty"),
        due=moment("due") or record.updated_at,
        last_review=moment("last_review"),
    )

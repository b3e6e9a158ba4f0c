"""What a student owns: completed topics, notes, bookmarks, flashcards, plans, settings.

Plain Python with no Textual import. Every record is keyed by topic id (or card, or question
id), so a guide can be retitled or reordered without losing anything, and records of topics
that leave the guide stay in the file. Each record carries the time it last changed, and two
copies of a student's progress merge record by record, the later change winning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from histtui.textclean import clean_text

FORMAT = 1
"""The newest progress-file format this version reads and writes."""

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The time now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class ProgressError(Exception):
    """A progress file could not be understood."""


@dataclass
class TopicRecord:
    """A student's record of one topic: complete or not, and since when."""

    updated_at: dt.datetime
    completed_at: dt.datetime | None = None

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        table: dict[str, Any] = {"updated_at": self.updated_at}
        if self.completed_at is not None:
            table["completed_at"] = self.completed_at
        return table

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> TopicRecord:
        """Read this record from a TOML table."""
        completed = table.get("completed_at")
        return cls(
            _time(table.get("updated_at"), where),
            None if completed is None else _time(completed, where),
        )


@dataclass
class Note:
    """Text the student wrote: a note on a topic, or an exam answer plan. Empty when deleted."""

    updated_at: dt.datetime
    text: str = ""

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, "text": self.text}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> Note:
        """Read this record from a TOML table."""
        text = table.get("text", "")
        if not isinstance(text, str):
            raise ProgressError(f"{where}.text is not a string")
        # A progress file may come from anyone (a USB stick): what it holds is shown on
        # screen, so it is cleaned of terminal escapes as guide text is.
        return cls(_time(table.get("updated_at"), where), clean_text(text))


@dataclass
class Flag:
    """A yes/no mark on a topic, such as "revise again"."""

    updated_at: dt.datetime
    on: bool = False

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, "on": self.on}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> Flag:
        """Read this record from a TOML table."""
        on = table.get("on", False)
        if not isinstance(on, bool):
            raise ProgressError(f"{where}.on is not true or false")
        return cls(_time(table.get("updated_at"), where), on)


@dataclass
class Place:
    """Where the student stopped reading a topic: the first line on screen."""

    updated_at: dt.datetime
    line: int = 0

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, "line": self.line}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> Place:
        """Read this record from a TOML table."""
        line = table.get("line", 0)
        if not isinstance(line, int) or isinstance(line, bool) or line < 0:
            raise ProgressError(f"{where}.line is not a line number")
        return cls(_time(table.get("updated_at"), where), line)


@dataclass
class CardRecord:
    """A flashcard's spaced-repetition state (the scheduler's own fields, kept as they are)."""

    updated_at: dt.datetime
    state: dict[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, **self.state}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> CardRecord:
        """Read this record from a TOML table."""
        state = {key: value for key, value in table.items() if key != "updated_at"}
        return cls(_time(table.get("updated_at"), where), state)


@dataclass(frozen=True)
class Review:
    """One grading of one flashcard, for the review log."""

    card: str
    rating: int
    at: dt.datetime

    def to_toml(self) -> dict[str, Any]:
        """This entry as a TOML table."""
        return {"card": self.card, "rating": self.rating, "at": self.at}

    @classmethod
    def from_toml(cls, table: Any, where: str) -> Review:
        """Read this entry from a TOML table."""
        card, rating = _table(table, where).get("card"), table.get("rating")
        if not isinstance(card, str) or not isinstance(rating, int):
            raise ProgressError(f"{where} needs a card and a rating")
        return cls(card, rating, _time(table.get("at"), where))


@dataclass
class Stamped:
    """A setting with the time it was last changed, so that merges keep the later one."""

    value: str
    updated_at: dt.datetime


Record = TopicRecord | Note | Flag | CardRecord | Place
COLLECTIONS: dict[
    str, type[TopicRecord] | type[Note] | type[Flag] | type[CardRecord] | type[Place]
] = {
    "topics": TopicRecord,
    "notes": Note,
    "bookmarks": Flag,
    "cards": CardRecord,
    "plans": Note,
    "places": Place,
}
"""Each keyed collection of records in a progress file, and the type of its records."""


@dataclass
class Progress:
    """Everything a student has done in one guide, keyed by topic (or card, or question) id."""

    guide_id: str
    topics: dict[str, TopicRecord] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    bookmarks: dict[str, Flag] = field(default_factory=dict)
    cards: dict[str, CardRecord] = field(default_factory=dict)
    plans: dict[str, Note] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    last_topic: Stamped | None = None
    theme: Stamped | None = None

    def is_complete(self, topic_id: str) -> bool:
        """Whether the student has marked this topic complete."""
        record = self.topics.get(topic_id)
        return record is not None and record.completed_at is not None

    def set_complete(self, topic_id: str, complete: bool, now: dt.datetime) -> None:
        """Mark a topic complete or incomplete."""
        record = self.topics.get(topic_id)
        if record is None:
            record = self.topics[topic_id] = TopicRecord(now)
        record.updated_at = now
        if complete and record.completed_at is None:
            record.completed_at = now
        elif not complete:
            record.completed_at = None

    def count_complete(self, topic_ids: Iterable[str]) -> int:
        """How many of these topics are complete."""
        return sum(1 for topic_id in topic_ids if self.is_complete(topic_id))

    def note(self, topic_id: str) -> str:
        """The student's note on a topic ("" if none)."""
        note = self.notes.get(topic_id)
        return note.text if note else ""

    def set_note(self, topic_id: str, text: str, now: dt.datetime) -> None:
        """Set the student's note on a topic (in memory); an empty note deletes it."""
        self.notes[topic_id] = Note(now, clean_text(text))

    def plan(self, question_key: str) -> str:
        """The student's answer plan for an exam question ("" if none)."""
        plan = self.plans.get(question_key)
        return plan.text if plan else ""

    def set_plan(self, question_key: str, text: str, now: dt.datetime) -> None:
        """Set the student's answer plan for an exam question (in memory)."""
        self.plans[question_key] = Note(now, clean_text(text))

    def place(self, topic_id: str) -> int:
        """The line the student had reached in a topic (0: its top)."""
        place = self.places.get(topic_id)
        return place.line if place else 0

    def is_bookmarked(self, topic_id: str) -> bool:
        """Whether the topic is marked "revise again"."""
        flag = self.bookmarks.get(topic_id)
        return flag is not None and flag.on

    def set_bookmark(self, topic_id: str, on: bool, now: dt.datetime) -> None:
        """Mark or unmark a topic "revise again"."""
        self.bookmarks[topic_id] = Flag(now, on)

    def merge_in(self, other: Progress) -> bool:
        """Take in (in place) each of `other`'s records that is later than this one's;
        whether any was. On a tie this one's record stays."""
        changed = False
        for name in COLLECTIONS:
            mine: dict[str, Record] = getattr(self, name)
            theirs: dict[str, Record] = getattr(other, name)
            for key, record in theirs.items():
                current = mine.get(key)
                if current is None or (
                    record.updated_at > current.updated_at and record != current
                ):
                    mine[key] = record
                    changed = True
        if other.reviews:
            known = set(self.reviews)
            new = [review for review in other.reviews if review not in known]
            if new:
                self.reviews = sorted([*self.reviews, *new], key=lambda review: review.at)
                changed = True
        for name in ("last_topic", "theme"):
            current_setting: Stamped | None = getattr(self, name)
            later = _later(current_setting, getattr(other, name))
            if later is not current_setting:
                setattr(self, name, later)
                changed = True
        return changed

    def to_toml(self) -> dict[str, Any]:
        """The file's contents, as a TOML document."""
        document: dict[str, Any] = {"format": FORMAT, "guide": self.guide_id}
        for name in ("last_topic", "theme"):
            stamped: Stamped | None = getattr(self, name)
            if stamped is not None:
                document[name] = {"value": stamped.value, "updated_at": stamped.updated_at}
        for name in COLLECTIONS:
            records: dict[str, Record] = getattr(self, name)
            document[name] = {key: records[key].to_toml() for key in sorted(records)}
        document["reviews"] = [review.to_toml() for review in self.reviews]
        return document

    @classmethod
    def from_toml(cls, document: dict[str, Any]) -> Progress:
        """Read a parsed progress file; raise ProgressError if it is not one we understand."""
        guide_id = document.get("guide")
        if not isinstance(guide_id, str):
            raise ProgressError("no guide id")
        progress = cls(guide_id)
        for name in ("last_topic", "theme"):
            if name in document:
                entry = _table(document[name], name)
                value = entry.get("value")
                if not isinstance(value, str):
                    raise ProgressError(f"{name}.value is not a string")
                setattr(progress, name, Stamped(value, _time(entry.get("updated_at"), name)))
        for name, record_type in COLLECTIONS.items():
            records = getattr(progress, name)
            for key, raw in _table(document.get(name, {}), name).items():
                where = f"{name}.{key}"
                records[key] = record_type.from_toml(_table(raw, where), where)
        reviews = document.get("reviews", [])
        if not isinstance(reviews, list):
            raise ProgressError("reviews is not a list")
        progress.reviews = [
            Review.from_toml(raw, f"reviews[{index}]") for index, raw in enumerate(reviews)
        ]
        return progress


def _later(mine: Stamped | None, theirs: Stamped | None) -> Stamped | None:
    if mine is None or theirs is None:
        return mine or theirs
    return mine if mine.updated_at >= theirs.updated_at else theirs


def _table(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProgressError(f"{name} is not a table")
    return value


def _time(value: Any, name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ProgressError(f"{name} is not a date and time")
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

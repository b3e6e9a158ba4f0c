"""The records a progress file holds, each with the time it last changed: a topic's
completion, a note or plan, a flag, a card's schedule, a review, a self-mark, a setting.

Plain Python with no Textual import. Each record reads itself from a TOML table and raises
ProgressError when the table is not one it understands. Records are NamedTuples: as
immutable as frozen dataclasses, and made at import in a twentieth of the time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, TypeGuard

from histtui.textclean import clean_text

FORMAT = 1
"""The newest progress-file format this version reads and writes."""

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The time now, in UTC, to the microsecond.

    Fine enough to order a student's own changes: two copies merge record by record, the
    later change winning, and a tie keeps the saver's record. Stored to the second, a topic
    marked complete and then incomplete within one second came back complete at another
    copy's next save.
    """
    return dt.datetime.now(dt.UTC)


def after(now: dt.datetime, before: dt.datetime | None) -> dt.datetime:
    """`now`, or a microsecond after `before` when the clock has not moved past it (a coarse
    clock, or one set back): each change to a record is later than the one it replaces."""
    if before is not None and now <= before:
        return before + dt.timedelta(microseconds=1)
    return now


class ProgressError(Exception):
    """A progress file could not be understood."""


class TopicRecord(NamedTuple):
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
            time_of(table.get("updated_at"), where),
            None if completed is None else time_of(completed, where),
        )


class Note(NamedTuple):
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
        return cls(time_of(table.get("updated_at"), where), clean_text(text))


class Flag(NamedTuple):
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
        return cls(time_of(table.get("updated_at"), where), on)


class Place(NamedTuple):
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
        if not whole_number(line) or line < 0:
            raise ProgressError(f"{where}.line is not a line number")
        return cls(time_of(table.get("updated_at"), where), line)


class CardRecord(NamedTuple):
    """A flashcard's spaced-repetition state (the scheduler's own fields, kept as they are).

    Like every record it is never changed once made (a change makes a new one), `state`
    included: saving reuses the text of a record it has written before.
    """

    updated_at: dt.datetime
    state: Mapping[str, Any] = MappingProxyType({})

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, **self.state}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> CardRecord:
        """Read this record from a TOML table, checking that the scheduler can use it.

        What the scheduler (`scheduling._card`, FSRS's `Card.from_dict` and `review_card`)
        needs: an integer `card_id`; `state` 1 (learning), 2 (review) or 3 (relearning);
        a `step` of 0 or more while learning or relearning; `stability` and `difficulty`
        positive numbers (or, while first learning, both absent); `due` a date and time,
        `last_review` one or absent.
        """
        state = {key: value for key, value in table.items() if key != "updated_at"}
        if not whole_number(state.get("card_id")):
            raise ProgressError(f"{where}.card_id is not a whole number")
        phase = state.get("state")
        if not whole_number(phase) or phase not in (1, 2, 3):
            raise ProgressError(f"{where}.state is not 1, 2 or 3")
        step = state.get("step")
        if phase in (1, 3) and not (whole_number(step) and 0 <= step <= 1000):
            raise ProgressError(f"{where}.step is not a learning step")
        if step is not None and not whole_number(step):
            raise ProgressError(f"{where}.step is not a whole number")
        measures = [state.get("stability"), state.get("difficulty")]
        if not (phase == 1 and measures == [None, None]) and not all(
            positive_number(measure) for measure in measures
        ):
            raise ProgressError(f"{where} needs a positive stability and difficulty")
        state["due"] = time_of(state.get("due"), f"{where}.due")
        if "last_review" in state:
            state["last_review"] = time_of(state["last_review"], f"{where}.last_review")
        return cls(time_of(table.get("updated_at"), where), state)


class Review(NamedTuple):
    """One grading of one flashcard, for the review log."""

    card: str
    rating: int
    at: dt.datetime
    elapsed_days: int | None = None
    """Whole days since the card's previous review (0 for a new card), as FSRS needs."""
    kind: str = "grade"
    """"grade", "undo" (of the grade at `undoes`) or "suspend"."""
    undoes: dt.datetime | None = None

    def to_toml(self) -> dict[str, Any]:
        """This entry as a TOML table."""
        table: dict[str, Any] = {"card": self.card, "rating": self.rating, "at": self.at}
        if self.elapsed_days is not None:
            table["elapsed_days"] = self.elapsed_days
        if self.kind != "grade":
            table["kind"] = self.kind
        if self.undoes is not None:
            table["undoes"] = self.undoes
        return table

    @classmethod
    def from_toml(cls, table: Any, where: str) -> Review:
        """Read this entry from a TOML table."""
        card, rating = table_of(table, where).get("card"), table.get("rating")
        elapsed, kind, undoes = table.get("elapsed_days"), table.get("kind", "grade"), None
        if kind not in REVIEW_KINDS:
            raise ProgressError(f"{where}.kind is not one of {', '.join(REVIEW_KINDS)}")
        # A grade is 1 (Again) to 4 (Easy); an undo or a suspension carries no grade (0).
        ratings = (1, 2, 3, 4) if kind == "grade" else (0, 1, 2, 3, 4)
        if not isinstance(card, str) or not whole_number(rating) or rating not in ratings:
            raise ProgressError(f"{where} needs a card and a rating from 1 to 4")
        if elapsed is not None and not whole_number(elapsed):
            raise ProgressError(f"{where}.elapsed_days is not a whole number")
        if "undoes" in table:
            undoes = time_of(table["undoes"], f"{where}.undoes")
        return cls(card, rating, time_of(table.get("at"), where), elapsed, kind, undoes)


REVIEW_KINDS = ("grade", "undo", "suspend")
"""What an entry of the review log records."""


class SelfMark(NamedTuple):
    """One attempt at a case study's question, marked by the student: the level of the mark
    scheme they judged their answer to reach and the marks they gave it.

    An attempt is known by its question's key and when it was first marked (`at`); a student
    who corrects the mark straight away amends the same attempt, with a later `updated_at`,
    so that two copies merge attempt by attempt, the later change winning.
    """

    key: str
    level: int
    marks: int
    at: dt.datetime
    updated_at: dt.datetime

    @property
    def attempt(self) -> tuple[str, dt.datetime]:
        """What identifies the attempt: its question's key and when it was first marked."""
        return (self.key, self.at)

    def to_toml(self) -> dict[str, Any]:
        """This entry as a TOML table."""
        table: dict[str, Any] = {
            "key": self.key,
            "level": self.level,
            "marks": self.marks,
            "at": self.at,
        }
        if self.updated_at != self.at:
            table["updated_at"] = self.updated_at
        return table

    @classmethod
    def from_toml(cls, table: Any, where: str) -> SelfMark:
        """Read this entry from a TOML table."""
        table = table_of(table, where)
        key, level, marks = table.get("key"), table.get("level"), table.get("marks")
        if not isinstance(key, str) or not whole_number(level) or not whole_number(marks):
            raise ProgressError(f"{where} needs a key, a level and marks")
        at = time_of(table.get("at"), where)
        updated = table.get("updated_at")
        return cls(
            clean_text(key), level, marks, at, at if updated is None else time_of(updated, where)
        )


class Stamped(NamedTuple):
    """A setting with the time it was last changed, so that merges keep the later one."""

    value: str
    updated_at: dt.datetime


SETTINGS = ("last_topic", "theme", "exam_date", "new_cards_per_day")
"""The progress file's single settings, each kept with the time it last changed."""

Record = TopicRecord | Note | Flag | CardRecord | Place
COLLECTIONS: dict[
    str, type[TopicRecord] | type[Note] | type[Flag] | type[CardRecord] | type[Place]
] = {
    "topics": TopicRecord,
    "notes": Note,
    "bookmarks": Flag,
    "cards": CardRecord,
    "plans": Note,
    "answers": Note,
    "places": Place,
}
"""Each keyed collection of records in a progress file, and the type of its records."""


def whole_number(value: Any) -> TypeGuard[int]:
    """Whether `value` is a whole number (TOML's true and false are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def positive_number(value: Any) -> bool:
    """Whether `value` is a finite number above zero."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def stamped_of(value: Any, name: str) -> Stamped:
    """A setting (last topic, theme) read from its TOML table."""
    entry = table_of(value, name)
    setting = entry.get("value")
    if not isinstance(setting, str):
        raise ProgressError(f"{name}.value is not a string")
    # Never shown: a theme's name is only looked up among Textual's themes, the last topic
    # among the guide's (whose ids are cleaned), so it is kept as it was.
    return Stamped(setting, time_of(entry.get("updated_at"), name))


def table_of(value: Any, name: str) -> dict[str, Any]:
    """`value` as a TOML table, or ProgressError naming where it is not one."""
    if not isinstance(value, dict):
        raise ProgressError(f"{name} is not a table")
    return value


def time_of(value: Any, name: str) -> dt.datetime:
    """`value` as an aware date and time (UTC if it has no zone), or ProgressError."""
    if not isinstance(value, dt.datetime):
        raise ProgressError(f"{name} is not a date and time")
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

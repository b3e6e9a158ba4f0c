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
from typing import Any, TypeVar

from histtui.progress.records import (
    COLLECTIONS,
    FORMAT,
    SETTINGS,
    CardRecord,
    Flag,
    Note,
    Place,
    ProgressError,
    Record,
    Review,
    SelfMark,
    Stamped,
    TopicRecord,
    after,
    stamped_of,
    table_of,
)
from histtui.textclean import clean_text

Entry = TypeVar("Entry")


@dataclass
class Progress:
    """Everything a student has done in one guide, keyed by topic (or card, or question) id."""

    guide_id: str
    topics: dict[str, TopicRecord] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    bookmarks: dict[str, Flag] = field(default_factory=dict)
    cards: dict[str, CardRecord] = field(default_factory=dict)
    plans: dict[str, Note] = field(default_factory=dict)
    answers: dict[str, Note] = field(default_factory=dict)
    """The student's answers to case studies' questions, keyed by guide.answer_key."""
    places: dict[str, Place] = field(default_factory=dict)
    """Where the student stopped reading each topic (Continue reopens it there)."""
    reviews: list[Review] = field(default_factory=list)
    self_marks: list[SelfMark] = field(default_factory=list)
    """Every self-marked attempt at a case study's question, oldest first."""
    last_topic: Stamped | None = None
    theme: Stamped | None = None
    exam_date: Stamped | None = None
    """The day of the student's exam, as an ISO date ("2027-05-20")."""
    new_cards_per_day: Stamped | None = None
    """The daily limit on new flashcards set on the Smart Guide (a whole number)."""
    left_out: list[str] = field(default_factory=list, compare=False)
    """Why each record of the file this was read from that could not be used was left out
    ("cards.x: cards.x.due is not a date and time"); empty when all were read."""

    def is_complete(self, topic_id: str) -> bool:
        """Whether the student has marked this topic complete."""
        record = self.topics.get(topic_id)
        return record is not None and record.completed_at is not None

    def set_complete(self, topic_id: str, complete: bool, now: dt.datetime) -> None:
        """Mark a topic complete or incomplete."""
        record = self.topics.get(topic_id)
        now = after(now, record.updated_at if record else None)
        since = record.completed_at if record else None
        # A new record, not a change to the old one: a save in progress holds the old one.
        self.topics[topic_id] = TopicRecord(now, (since or now) if complete else None)

    def snapshot(self) -> Progress:
        """A copy to save from while this one goes on changing: its collections are copied
        (a few milliseconds for 10^5 records), its records shared, as a change replaces a
        record and never alters one."""
        return Progress(
            self.guide_id,
            topics=dict(self.topics),
            notes=dict(self.notes),
            bookmarks=dict(self.bookmarks),
            cards=dict(self.cards),
            plans=dict(self.plans),
            answers=dict(self.answers),
            places=dict(self.places),
            reviews=list(self.reviews),
            self_marks=list(self.self_marks),
            last_topic=self.last_topic,
            theme=self.theme,
            exam_date=self.exam_date,
            new_cards_per_day=self.new_cards_per_day,
        )

    def count_complete(self, topic_ids: Iterable[str]) -> int:
        """How many of these topics are complete."""
        return sum(1 for topic_id in topic_ids if self.is_complete(topic_id))

    def note(self, topic_id: str) -> str:
        """The student's note on a topic ("" if none)."""
        note = self.notes.get(topic_id)
        return note.text if note else ""

    def set_note(self, topic_id: str, text: str, now: dt.datetime) -> None:
        """Set the student's note on a topic (in memory); an empty note deletes it."""
        before = self.notes.get(topic_id)
        self.notes[topic_id] = Note(
            after(now, before.updated_at if before else None), clean_text(text)
        )

    def plan(self, question_key: str) -> str:
        """The student's answer plan for an exam question ("" if none)."""
        plan = self.plans.get(question_key)
        return plan.text if plan else ""

    def set_plan(self, question_key: str, text: str, now: dt.datetime) -> None:
        """Set the student's answer plan for an exam question (in memory)."""
        before = self.plans.get(question_key)
        self.plans[question_key] = Note(
            after(now, before.updated_at if before else None), clean_text(text)
        )

    def answer(self, answer_key: str) -> str:
        """The student's answer to a case study's question ("" if none)."""
        answer = self.answers.get(answer_key)
        return answer.text if answer else ""

    def set_answer(self, answer_key: str, text: str, now: dt.datetime) -> None:
        """Set the student's answer to a case study's question (in memory)."""
        before = self.answers.get(answer_key)
        self.answers[answer_key] = Note(
            after(now, before.updated_at if before else None), clean_text(text)
        )

    def add_self_mark(
        self,
        answer_key: str,
        level: int,
        marks: int,
        now: dt.datetime,
        attempt: dt.datetime | None = None,
    ) -> dt.datetime:
        """Record the student's mark of an attempt at a case study's question (in memory):
        a new attempt, or a correction of the attempt first marked at `attempt`. Returns the
        attempt's time, to correct it with."""
        at = now if attempt is None else attempt
        mark = SelfMark(answer_key, level, marks, at, now)
        self.self_marks = [m for m in self.self_marks if m.attempt != mark.attempt]
        self.self_marks.append(mark)
        self.self_marks.sort(key=lambda m: m.at)
        return at

    def marks_for(self, answer_key: str) -> list[SelfMark]:
        """Every self-marked attempt at this question, oldest first."""
        return [mark for mark in self.self_marks if mark.key == answer_key]

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
        before = self.bookmarks.get(topic_id)
        self.bookmarks[topic_id] = Flag(after(now, before.updated_at if before else None), on)

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
        if other.self_marks:
            attempts = {mark.attempt: mark for mark in self.self_marks}
            taken = False
            for mark in other.self_marks:
                before = attempts.get(mark.attempt)
                if before is None or (mark.updated_at > before.updated_at and mark != before):
                    attempts[mark.attempt] = mark
                    taken = True
            if taken:
                self.self_marks = sorted(attempts.values(), key=lambda m: m.at)
                changed = True
        for name in SETTINGS:
            current_setting: Stamped | None = getattr(self, name)
            later = _later(current_setting, getattr(other, name))
            if later is not current_setting:
                setattr(self, name, later)
                changed = True
        return changed

    def to_toml(self) -> dict[str, Any]:
        """The file's contents, as a TOML document."""
        document = self.header_toml()
        for name in COLLECTIONS:
            records: dict[str, Record] = getattr(self, name)
            document[name] = {key: records[key].to_toml() for key in sorted(records)}
        document["reviews"] = document.pop("reviews")
        if "self_marks" in document:
            document["self_marks"] = document.pop("self_marks")
        return document

    def header_toml(self) -> dict[str, Any]:
        """The document without its keyed collections (`to_toml` puts those in the middle)."""
        document: dict[str, Any] = {"format": FORMAT, "guide": self.guide_id}
        for name in SETTINGS:
            stamped: Stamped | None = getattr(self, name)
            if stamped is not None:
                document[name] = {"value": stamped.value, "updated_at": stamped.updated_at}
        document["reviews"] = [review.to_toml() for review in self.reviews]
        if self.self_marks:
            document["self_marks"] = [mark.to_toml() for mark in self.self_marks]
        return document

    @classmethod
    def from_toml(cls, document: dict[str, Any]) -> Progress:
        """Read a parsed progress file; raise ProgressError if it is not one we understand.

        A record that cannot be used (a wrong type, a card the scheduler could not take, a
        collection that is not a table) does not stop the rest: it is left out, and why is
        added to `left_out`. Whoever read the file keeps a copy of it (the store: a
        `<name>.bad-<time>` copy beside it) before a save writes the file without them.
        """
        guide_id = document.get("guide")
        if not isinstance(guide_id, str):
            raise ProgressError("no guide id")
        progress = cls(guide_id)
        for name in SETTINGS:
            if name in document:
                try:
                    setattr(progress, name, stamped_of(document[name], name))
                except ProgressError as error:
                    progress.left_out.append(f"{name}: {error}")
        for name, record_type in COLLECTIONS.items():
            records = getattr(progress, name)
            collection = document.get(name, {})
            if not isinstance(collection, dict):
                progress.left_out.append(f"{name}: not a table")
                continue
            for key, raw in collection.items():
                where = f"{name}.{key}"
                try:
                    records[key] = record_type.from_toml(table_of(raw, where), where)
                except ProgressError as error:
                    progress.left_out.append(f"{where}: {error}")
        progress.reviews = _entries(document, "reviews", Review.from_toml, progress.left_out)
        progress.self_marks = _entries(
            document, "self_marks", SelfMark.from_toml, progress.left_out
        )
        return progress


def _later(mine: Stamped | None, theirs: Stamped | None) -> Stamped | None:
    if mine is None or theirs is None:
        return mine or theirs
    return mine if mine.updated_at >= theirs.updated_at else theirs


def _entries(
    document: dict[str, Any],
    name: str,
    read: Callable[[Any, str], Entry],
    left_out: list[str],
) -> list[Entry]:
    """The entries of a list in the file (the review log, the self-marks), leaving out (and
    saying why) each one that cannot be used."""
    raw_entries = document.get(name, [])
    if not isinstance(raw_entries, list):
        left_out.append(f"{name}: not a list")
        return []
    entries = []
    for index, raw in enumerate(raw_entries):
        try:
            entries.append(read(raw, f"{name}[{index}]"))
        except ProgressError as error:
            left_out.append(f"{name}[{index}]: {error}")
    return entries

"""What a student owns: completed topics, notes, bookmarks, flashcards, plans, settings.

Plain Python with no Textual import. Every record is keyed by topic id (or card, or question
id), so a guide can be retitled or reordered without losing anything, and records of topics
that leave the guide stay in the file. Each record carries the time it last changed, and two
copies of a student's progress merge record by record, the later change winning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from histtui.progress.records import (
    COLLECTIONS,
    FORMAT,
    CardRecord,
    Flag,
    Note,
    ProgressError,
    Record,
    Review,
    SelfMark,
    Stamped,
    TopicRecord,
    table_of,
    time_of,
)
from histtui.textclean import clean_text


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
    reviews: list[Review] = field(default_factory=list)
    self_marks: list[SelfMark] = field(default_factory=list)
    """Every self-marked attempt at a case study's question, oldest first."""
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

    def answer(self, answer_key: str) -> str:
        """The student's answer to a case study's question ("" if none)."""
        answer = self.answers.get(answer_key)
        return answer.text if answer else ""

    def set_answer(self, answer_key: str, text: str, now: dt.datetime) -> None:
        """Set the student's answer to a case study's question (in memory)."""
        self.answers[answer_key] = Note(now, clean_text(text))

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
        if self.self_marks:
            document["self_marks"] = [mark.to_toml() for mark in self.self_marks]
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
                entry = table_of(document[name], name)
                value = entry.get("value")
                if not isinstance(value, str):
                    raise ProgressError(f"{name}.value is not a string")
                setattr(progress, name, Stamped(value, time_of(entry.get("updated_at"), name)))
        for name, record_type in COLLECTIONS.items():
            records = getattr(progress, name)
            for key, raw in table_of(document.get(name, {}), name).items():
                where = f"{name}.{key}"
                records[key] = record_type.from_toml(table_of(raw, where), where)
        reviews = document.get("reviews", [])
        if not isinstance(reviews, list):
            raise ProgressError("reviews is not a list")
        progress.reviews = [
            Review.from_toml(raw, f"reviews[{index}]") for index, raw in enumerate(reviews)
        ]
        self_marks = document.get("self_marks", [])
        if not isinstance(self_marks, list):
            raise ProgressError("self_marks is not a list")
        progress.self_marks = [
            SelfMark.from_toml(raw, f"self_marks[{index}]") for index, raw in enumerate(self_marks)
        ]
        return progress


def _later(mine: Stamped | None, theirs: Stamped | None) -> Stamped | None:
    if mine is None or theirs is None:
        return mine or theirs
    return mine if mine.updated_at >= theirs.updated_at else theirs

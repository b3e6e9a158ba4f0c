"""A guide as nested JSON lists (the guide cache's layout), and topics whose text is read
from the cache file when first used.

Plain Python with no Textual import.
"""

from __future__ import annotations

import json
import threading
import weakref
from pathlib import Path
from typing import Any, BinaryIO

from histtui.guide import (
    Card,
    CaseStudy,
    Chapter,
    Event,
    Guide,
    GuideError,
    Level,
    Question,
    Source,
    SubQuestion,
    Topic,
    Unit,
)

FORMAT = 4
"""The layout of a cache file; change it whenever `encode`/`decode` change."""


def encode(loaded: Guide) -> list[Any]:
    """A guide as nested JSON lists."""
    return [
        loaded.id,
        loaded.title,
        [
            [
                unit.id,
                unit.title,
                [
                    [
                        chapter.id,
                        chapter.title,
                        chapter.number,
                        [
                            [
                                topic.id,
                                topic.title,
                                topic.body,
                                [[card.front, card.back] for card in topic.cards],
                                [[event.date, event.text] for event in topic.events],
                            ]
                            for topic in chapter.topics
                        ],
                        [
                            [q.kind, q.prompt, q.answer, q.skill, q.source]
                            for q in chapter.questions
                        ],
                        [encode_case_study(study) for study in chapter.case_studies],
                    ]
                    for chapter in unit.chapters
                ],
            ]
            for unit in loaded.units
        ],
    ]


class TopicTexts:
    """The topics' text in a cache file, read a topic at a time when first used.

    The file stays open (its bytes were checked when the guide was read): replacing it,
    as another histtui does when the guide changes, leaves this one reading what it
    checked. Holding the text in memory instead cost a megabyte for the bundled guide and
    twelve for a 5,000-topic one, most of it never read.
    """

    def __init__(self, file: BinaryIO, offset: int) -> None:
        self._file = file
        self._offset = offset
        self._lock = threading.Lock()  # a seek and its read together, whatever the thread
        weakref.finalize(self, file.close)

    def read(self, start: int, end: int) -> bytes:
        """The bytes `start`..`end` of the topics' text."""
        with self._lock:
            self._file.seek(self._offset + start)
            data = self._file.read(end - start)
        if len(data) != end - start:
            raise GuideError([f"{self._file.name}: the guide cache was cut short"])
        return data


def decode(data: list[Any], path: Path | None, details: TopicTexts | None = None) -> Guide:
    """The guide `encode` made `data` from; or, with `details`, the guide `split_details` made
    `data` and `details` from, whose topics read their text when first used."""
    guide_id, title, units = data

    def topics(entries: list[list[Any]]) -> list[Topic]:
        if details is not None:
            return [
                LazyTopic(topic_id, topic_title, start, end, details)
                for topic_id, topic_title, start, end in entries
            ]
        return [
            Topic(
                topic_id,
                topic_title,
                body,
                [Card(front, back) for front, back in cards],
                [Event(date, text) for date, text in events],
            )
            for topic_id, topic_title, body, cards, events in entries
        ]

    return Guide(
        guide_id,
        title,
        [
            Unit(
                unit_id,
                unit_title,
                [
                    Chapter(
                        chapter_id,
                        chapter_title,
                        number,
                        topics(entries),
                        [Question(*question) for question in questions],
                        [decode_case_study(study) for study in case_studies],
                    )
                    for chapter_id, chapter_title, number, entries, questions, case_studies in (
                        chapters
                    )
                ],
            )
            for unit_id, unit_title, chapters in units
        ],
        path,
    )


class LazyTopic(Topic):
    """A cached topic whose body, cards and events are decoded when first used.

    Opening a 5,000-topic guide needs only its titles and ids; its text (12 MB) is decoded
    topic by topic as the student opens them, or all at once by the search and the timeline.
    """

    def __init__(
        self, topic_id: str, title: str, start: int, end: int, details: TopicTexts
    ) -> None:
        # Topic's fields, without Topic.__init__ (which would set the text it leaves to later).
        self.id = topic_id
        self.title = title
        self._span = (details, start, end)
        self._body: str | None = None
        self._cards: list[Card] = []
        self._events: list[Event] = []

    def _decode(self) -> None:
        details, start, end = self._span
        body, cards, events = json.loads(details.read(start, end))
        self._cards = [Card(front, back) for front, back in cards]
        self._events = [Event(date, text) for date, text in events]
        self._body = body

    @property
    def body(self) -> str:
        if self._body is None:
            self._decode()
        assert self._body is not None
        return self._body

    @body.setter
    def body(self, value: str) -> None:
        self._body = value

    @property
    def cards(self) -> list[Card]:
        if self._body is None:
            self._decode()
        return self._cards

    @cards.setter
    def cards(self, value: list[Card]) -> None:
        self._cards = value

    @property
    def events(self) -> list[Event]:
        if self._body is None:
            self._decode()
        return self._events

    @events.setter
    def events(self, value: list[Event]) -> None:
        self._events = value


def split_details(encoded: list[Any]) -> tuple[list[Any], bytes]:
    """`encode`'s output as a skeleton, whose topics are [id, title, start, end], and the
    topics' [body, cards, events] as JSON, one after another: `details[start:end]`."""
    pieces: list[bytes] = []
    offset = 0
    guide_id, title, units = encoded
    skeleton_units = []
    for unit_id, unit_title, chapters in units:
        skeleton_chapters = []
        for chapter_id, chapter_title, number, topics, questions, case_studies in chapters:
            entries = []
            for topic_id, topic_title, body, cards, events in topics:
                piece = dumps([body, cards, events])
                pieces.append(piece)
                entries.append([topic_id, topic_title, offset, offset + len(piece)])
                offset += len(piece)
            skeleton_chapters.append(
                [chapter_id, chapter_title, number, entries, questions, case_studies]
            )
        skeleton_units.append([unit_id, unit_title, skeleton_chapters])
    return [guide_id, title, skeleton_units], b"".join(pieces)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def encode_case_study(study: CaseStudy) -> list[Any]:
    """A case study as nested JSON lists."""
    return [
        study.id,
        study.title,
        study.inquiry,
        study.marks,
        study.context,
        [[s.letter, s.kind, s.provenance, s.text, s.original] for s in study.sources],
        [
            [
                q.skill,
                list(q.sources),
                q.marks,
                q.prompt,
                q.answer,
                [[level.level, level.low, level.high, level.text] for level in q.levels],
            ]
            for q in study.questions
        ],
    ]


def decode_case_study(data: list[Any]) -> CaseStudy:
    """The case study `encode_case_study` made `data` from."""
    study_id, title, inquiry, marks, context, sources, questions = data
    return CaseStudy(
        study_id,
        title,
        inquiry,
        marks,
        context,
        [Source(*source) for source in sources],
        [
            SubQuestion(
                skill,
                tuple(letters),
                question_marks,
                prompt,
                answer,
                tuple(Level(*level) for level in levels),
            )
            for skill, letters, question_marks, prompt, answer, levels in questions
        ],
    )

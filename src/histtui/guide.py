"""The guide: units, chapters, topics and case studies, as plain classes.

Plain Python with no Textual import. guide_check.py reads and checks a guide's TOML and
builds these (`load_guide`). They are NamedTuples and plain classes, not dataclasses: each
frozen dataclass took most of a millisecond to make at import, at every start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from histtui.digests import sha1_hex
from histtui.wording import plural

FORMAT = 1
"""The newest guide format this version understands."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FIGURE = re.compile(r"^\s*!\[(?P<caption>[^\]]*)\]\((?P<target>[^)]*)\)\s*$")
QUESTION_KINDS = ("essay", "source")
SKILLS = ("inference", "purpose", "comparison", "reliability", "surprise", "utility", "assertion")
"""The skills a source-based question tests, in the order a paper usually sets them."""
SOURCE_SKILLS = SKILLS
"""The skills a chapter's single source question (`[[units.chapters.questions]]`) may name."""
SOURCE_KINDS = ("text", "cartoon", "poster", "photograph", "statistics", "map")
"""What a case study's source may be."""
VISUAL_KINDS = ("cartoon", "poster", "photograph", "map")
"""The kinds of source whose `text` describes what the student would see."""
MAX_SOURCES = 6
MAX_LEVELS = 5
MAX_SOURCE_WORDS = 150


class GuideError(Exception):
    """A guide could not be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Card(NamedTuple):
    """A flashcard: a question on the front, its answer on the back."""

    front: str
    back: str


class Event(NamedTuple):
    """A dated event; `date` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    date: str
    text: str

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Year, month and day, with 0 for what the date leaves out."""
        parts = [int(part) for part in self.date.split("-")]
        parts += [0] * (3 - len(parts))
        return (parts[0], parts[1], parts[2])


class Question(NamedTuple):
    """An exam question on a chapter, with the answer plan to check against."""

    kind: str
    prompt: str
    answer: str
    skill: str | None = None
    source: str | None = None


class Level(NamedTuple):
    """One level of a mark scheme: the marks `low`..`high` for an answer that does `text`."""

    level: int
    low: int
    high: int
    text: str


class SubQuestion(NamedTuple):
    """One question of a case study, set on some of its sources, with its mark scheme."""

    skill: str
    sources: tuple[str, ...]
    marks: int
    prompt: str
    answer: str
    levels: tuple[Level, ...]


class Source(NamedTuple):
    """A lettered source: an adapted text, a table, or the description of a picture."""

    letter: str
    kind: str
    provenance: str
    text: str
    original: str

    @property
    def is_visual(self) -> bool:
        """Whether `text` describes a cartoon, poster, photograph or map."""
        return self.kind in VISUAL_KINDS


class CaseStudy:
    """A source-based case study: lettered sources on one inquiry, and questions on them."""

    chapter: Chapter
    """The chapter it belongs to (set by Guide)."""

    def __init__(
        self,
        id: str,
        title: str,
        inquiry: str,
        marks: int,
        context: str,
        sources: list[Source] | None = None,
        questions: list[SubQuestion] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.inquiry = inquiry
        self.marks = marks
        self.context = context
        self.sources = [] if sources is None else sources
        self.questions = [] if questions is None else questions

    def __repr__(self) -> str:
        return f"CaseStudy({self.id!r})"

    def source(self, letter: str) -> Source | None:
        """The source with this letter, or None if the case study has none."""
        return next((source for source in self.sources if source.letter == letter), None)


class Topic:
    """One page of revision notes."""

    chapter: Chapter
    """The chapter it belongs to (set by Guide)."""

    def __init__(
        self,
        id: str,
        title: str,
        body: str,
        cards: list[Card] | None = None,
        events: list[Event] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.body = body
        self.cards = [] if cards is None else cards
        self.events = [] if events is None else events

    def __repr__(self) -> str:
        return f"Topic({self.id!r})"


class Chapter:
    """A chapter of topics, numbered 1..N across the whole guide."""

    unit: Unit
    """The unit it belongs to (set by Guide)."""

    def __init__(
        self,
        id: str,
        title: str,
        number: int,
        topics: list[Topic] | None = None,
        questions: list[Question] | None = None,
        case_studies: list[CaseStudy] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.number = number
        self.topics = [] if topics is None else topics
        self.questions = [] if questions is None else questions
        self.case_studies = [] if case_studies is None else case_studies

    def __repr__(self) -> str:
        return f"Chapter({self.id!r})"


class Unit:
    """A unit of chapters."""

    def __init__(self, id: str, title: str, chapters: list[Chapter] | None = None) -> None:
        self.id = id
        self.title = title
        self.chapters = [] if chapters is None else chapters

    def __repr__(self) -> str:
        return f"Unit({self.id!r})"


class Guide:
    """A whole guide, with its topics in reading order; it links each chapter to its unit,
    and each topic and case study to its chapter."""

    def __init__(self, id: str, title: str, units: list[Unit], path: Path | None = None) -> None:
        self.id = id
        self.title = title
        self.units = units
        self.path = path
        for unit in units:
            for chapter in unit.chapters:
                chapter.unit = unit
                for topic in chapter.topics:
                    topic.chapter = chapter
                for case_study in chapter.case_studies:
                    case_study.chapter = chapter
        self.topics = [topic for chapter in self.chapters for topic in chapter.topics]
        self._index = {topic.id: index for index, topic in enumerate(self.topics)}
        self.case_studies = [study for chapter in self.chapters for study in chapter.case_studies]
        self._case_index = {study.id: study for study in self.case_studies}

    def __repr__(self) -> str:
        return f"Guide({self.id!r})"

    @property
    def chapters(self) -> list[Chapter]:
        """Every chapter, in order."""
        return [chapter for unit in self.units for chapter in unit.chapters]

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None if the guide has none."""
        index = self._index.get(topic_id)
        return None if index is None else self.topics[index]

    def case_study(self, case_study_id: str) -> CaseStudy | None:
        """The case study with this id, or None if the guide has none."""
        return self._case_index.get(case_study_id)

    def next_topic(self, topic: Topic) -> Topic | None:
        """The topic after this one in guide order, across chapters and units."""
        index = self._index[topic.id] + 1
        return self.topics[index] if index < len(self.topics) else None

    def previous_topic(self, topic: Topic) -> Topic | None:
        """The topic before this one in guide order."""
        index = self._index[topic.id] - 1
        return self.topics[index] if index >= 0 else None

    def events(self) -> Iterator[tuple[Event, Topic]]:
        """Every dated event with its topic, in guide order."""
        for topic in self.topics:
            for event in topic.events:
                yield event, topic

    def summary(self) -> str:
        """ "2 units, 11 chapters, 187 topics, 561 cards, 240 events", and ", 15 case studies"
        when there are any."""
        cards = sum(len(topic.cards) for topic in self.topics)
        events = sum(len(topic.events) for topic in self.topics)
        counts = [
            (len(self.units), "unit"),
            (len(self.chapters), "chapter"),
            (len(self.topics), "topic"),
            (cards, "card"),
            (events, "event"),
        ]
        words = [plural(n, noun) for n, noun in counts]
        if self.case_studies:
            words.append(plural(len(self.case_studies), "case study", "case studies"))
        return ", ".join(words)


def question_key(chapter_id: str, prompt: str) -> str:
    """The id a student's answer plan is stored under: the chapter and a hash of the question."""
    return f"{chapter_id}#{sha1_hex(prompt.encode('utf-8'))[:8]}"


def answer_key(case_study_id: str, prompt: str) -> str:
    """The id a student's answer to a case study's question is stored under."""
    return f"{case_study_id}#{sha1_hex(prompt.encode('utf-8'))[:8]}"


def split_figures(body: str) -> list[tuple[str, str]]:
    """Split a topic body into ("markdown", text) and ("figure", caption) parts."""
    parts: list[tuple[str, str]] = []
    lines: list[str] = []
    for line in body.splitlines():
        match = FIGURE.match(line)
        if match is None:
            lines.append(line)
            continue
        if "".join(lines).strip():
            parts.append(("markdown", "\n".join(lines)))
        lines = []
        parts.append(("figure", match["caption"].strip()))
    if "".join(lines).strip():
        parts.append(("markdown", "\n".join(lines)))
    return parts

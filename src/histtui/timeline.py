"""The timeline: every dated event of a guide in date order, filtered, and a quiz on it.

Plain Python with no Textual import. Events sort by date, a year ("1924") before a month of
it ("1924-01") before a day ("1924-01-21"), and in guide order where dates are equal. An event
written out under two topics (the same date and text) is listed once, under the first; so is
one told in other words on the same date ("Germany signs the Treaty of Versailles" and "...in
the Hall of Mirrors"), the first wording kept and the other topics' chapters named with it.
"""

from __future__ import annotations

import random
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from histtui.guide import Chapter, Event, Guide, Topic
from histtui.search import find, fold, query_words
from histtui.wording import MONTHS, chapter_label

SAME_EVENT = 0.34
"""How many of two same-dated events' words (beyond the small ones) must be shared, as a
share of all their words, for them to be one event told twice. Measured on the bundled
guide: "The Red Army invades eastern Poland" and "The Soviet Union invades eastern Poland"
share 0.43; the closest two different events of a day share 0.2."""

SMALL_WORDS = frozenset({
    "the", "and", "of", "is", "in", "a", "an", "to", "on", "at", "by", "for",
    "its", "with", "from", "as", "was", "are", "be", "his", "her", "their",
})  # fmt: skip


def _words(text: str) -> frozenset[str]:
    """The words that say what an event was, folded."""
    return (
        frozenset(word for word in re.findall(r"\w+", fold(text)[0]) if len(word) > 2) - SMALL_WORDS
    )


def same_event(a: Event, b: Event) -> bool:
    """Whether two events are one told in other words: same date, mostly the same words."""
    if a.date != b.date:
        return False
    words_a, words_b = _words(a.text), _words(b.text)
    if not words_a or not words_b:
        return False
    shared = len(words_a & words_b) / len(words_a | words_b)
    return shared >= SAME_EVENT or words_a <= words_b or words_b <= words_a


def display_date(date: str) -> str:
    """A guide date as a student reads it: "21 January 1924", "January 1924" or "1924"."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{parts[2]} {month} {parts[0]}"


@dataclass(frozen=True, eq=False)
class Entry:
    """One event on the timeline, with the topic it opens and its place in date order."""

    event: Event
    topic: Topic
    index: int
    key: tuple[int, int, int] = field(repr=False)
    folded: str = field(repr=False)
    also: tuple[Topic, ...] = ()
    """Other topics that tell the same event in other words."""

    @property
    def year(self) -> int:
        """The year the event falls in."""
        return self.key[0]

    @property
    def date(self) -> str:
        """The date as a student reads it."""
        return display_date(self.event.date)

    @property
    def chapter(self) -> Chapter:
        """The chapter of the event's topic."""
        return self.topic.chapter

    @property
    def chapters(self) -> list[Chapter]:
        """Every chapter that tells of the event, its own first."""
        chapters = [self.topic.chapter]
        for topic in self.also:
            if topic.chapter not in chapters:
                chapters.append(topic.chapter)
        return chapters

    def spans(self, words: list[str]) -> list[tuple[int, int]]:
        """Where the words of a filter occur in the event's text."""
        return find(self.event.text, words)


class Timeline:
    """A guide's events in date order, each once, folded once for filtering."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        seen: set[tuple[str, str]] = set()
        unique: list[tuple[Event, Topic, list[Topic]]] = []
        on_date: dict[str, list[tuple[Event, Topic, list[Topic]]]] = {}
        for event, topic in guide.events():
            if (event.date, event.text) in seen:
                continue
            seen.add((event.date, event.text))
            same_day = on_date.setdefault(event.date, [])
            told = next((item for item in same_day if same_event(item[0], event)), None)
            if told is not None:
                if topic is not told[1] and topic not in told[2]:
                    told[2].append(topic)
                continue
            item: tuple[Event, Topic, list[Topic]] = (event, topic, [])
            same_day.append(item)
            unique.append(item)
        unique.sort(key=lambda item: item[0].sort_key)
        self.entries = [
            Entry(event, topic, index, event.sort_key, _haystack(event, topic, also), tuple(also))
            for index, (event, topic, also) in enumerate(unique)
        ]

    @classmethod
    def of(cls, guide: Guide) -> Timeline:
        """The timeline of a guide, built once per guide."""
        timeline = _TIMELINES.get(guide)
        if timeline is None:
            timeline = _TIMELINES[guide] = cls(guide)
        return timeline

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def filter(self, query: str = "", chapter: Chapter | None = None) -> list[Entry]:
        """The events holding every word of `query`, in `chapter` if one is given."""
        words = query_words(query)
        return [
            entry
            for entry in self.entries
            if (chapter is None or chapter in entry.chapters)
            and all(word in entry.folded for word in words)
        ]


_TIMELINES: weakref.WeakKeyDictionary[Guide, Timeline] = weakref.WeakKeyDictionary()
"""Each guide's timeline, built the first time it is asked for."""


def _haystack(event: Event, topic: Topic, also: Iterable[Topic] = ()) -> str:
    """What a filter looks in: the event, its date as read, its topics and their chapters."""
    parts = [event.text, display_date(event.date)]
    for each in (topic, *also):
        parts += [each.title, chapter_label(each.chapter)]
    return "\n".join(fold(part)[0] for part in parts)


def by_year(entries: Iterable[Entry]) -> list[tuple[int, list[Entry]]]:
    """Entries in date order grouped under their years."""
    return [(year, list(group)) for year, group in groupby(entries, key=lambda e: e.year)]


# ---------------------------------------------------------------------------------------
# The quiz: which of these came first?


def distinguishable(a: Entry, b: Entry) -> bool:
    """Whether it is plain which of two events came first: different years, or months."""
    (year_a, month_a, _), (year_b, month_b, _) = a.key, b.key
    if year_a != year_b:
        return True
    return bool(month_a and month_b and month_a != month_b)


@dataclass(frozen=True)
class QuizQuestion:
    """Two or three events, in the order shown; one came plainly before the others."""

    choices: tuple[Entry, ...]

    @property
    def answer(self) -> int:
        """The position (from 0) of the event that came first."""
        return min(range(len(self.choices)), key=lambda i: self.choices[i].key)


class Quiz:
    """Asks which of two or three events came first, and keeps the score."""

    ATTEMPTS = 200
    """Random draws to try for a question before searching the events in turn."""

    def __init__(self, entries: Sequence[Entry], rng: random.Random) -> None:
        self.entries = list(entries)
        self.rng = rng
        self.asked = 0
        self.right = 0
        self.question: QuizQuestion | None = None
        self.answered: int | None = None
        years = {entry.year for entry in self.entries}
        months = {entry.key[1] for entry in self.entries} - {0}
        self.possible = len(years) > 1 or len(months) > 1
        """Whether two of these events can be told apart, so that there is a question."""

    def next_question(self) -> QuizQuestion | None:
        """A new question, or None if no two events here can be told apart."""
        choices = None
        if self.possible:
            choices = self._draw(self.rng.choice((2, 3))) or self._draw(2)
        self.question = QuizQuestion(tuple(choices)) if choices else None
        self.answered = None
        return self.question

    def _draw(self, size: int) -> list[Entry] | None:
        """`size` events that can all be told apart, at random, unlike the last question."""
        pool = self.entries
        if len(pool) < size:
            return None
        last = set(self.question.choices) if self.question else set()
        for _ in range(self.ATTEMPTS):
            picked = self.rng.sample(pool, size)
            if _apart(picked) and set(picked) != last:
                return picked
        order = self.rng.sample(pool, len(pool))
        for first in order:
            picked = [first]
            for candidate in order:
                if _apart([*picked, candidate]):
                    picked.append(candidate)
                    if len(picked) == size:
                        return picked
        return None

    def answer(self, choice: int) -> bool:
        """Answer the current question with a position from 0; count it and say if right."""
        if self.question is None or self.answered is not None:
            raise ValueError("no question is waiting for an answer")
        if not 0 <= choice < len(self.question.choices):
            raise ValueError(f"choice {choice + 1} is not one of the events shown")
        self.answered = choice
        self.asked += 1
        right = choice == self.question.answer
        self.right += right
        return right

    @property
    def score(self) -> str:
        """ "Score: 4/6"."""
        return f"Score: {self.right}/{self.asked}"


def _apart(entries: list[Entry]) -> bool:
    """Whether every two of these events can be told apart, and read differently."""
    for i, a in enumerate(entries):
        for b in entries[i + 1 :]:
            if not distinguishable(a, b) or a.event.text == b.event.text:
                return False
    return True

"""The guide: units, chapters and topics, loaded and validated from a TOML file.

Plain Python with no Textual import. `load_guide` reports every problem in a guide at once,
one line each with the file and line, and never lets a traceback reach the teacher.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from histtui.textclean import clean_text

FORMAT = 1
"""The newest guide format this version understands."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FIGURE = re.compile(r"^\s*!\[(?P<caption>[^\]]*)\]\((?P<target>[^)]*)\)\s*$")
QUESTION_KINDS = ("essay", "source")
SOURCE_SKILLS = ("inference", "comparison", "reliability", "utility", "assertion")


class GuideError(Exception):
    """A guide could not be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Card:
    """A flashcard: a question on the front, its answer on the back."""

    front: str
    back: str


@dataclass(frozen=True)
class Event:
    """A dated event; `date` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    date: str
    text: str

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Year, month and day, with 0 for what the date leaves out."""
        parts = [int(part) for part in self.date.split("-")]
        parts += [0] * (3 - len(parts))
        return (parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class Question:
    """An exam question on a chapter, with the answer plan to check against."""

    kind: str
    prompt: str
    answer: str
    skill: str | None = None
    source: str | None = None


@dataclass(eq=False)
class Topic:
    """One page of revision notes."""

    id: str
    title: str
    body: str
    cards: list[Card] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    chapter: Chapter = field(init=False, repr=False)


@dataclass(eq=False)
class Chapter:
    """A chapter of topics, numbered 1..N across the whole guide."""

    id: str
    title: str
    number: int
    topics: list[Topic] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    unit: Unit = field(init=False, repr=False)


@dataclass(eq=False)
class Unit:
    """A unit of chapters."""

    id: str
    title: str
    chapters: list[Chapter] = field(default_factory=list)


@dataclass(eq=False)
class Guide:
    """A whole guide, with its topics in reading order."""

    id: str
    title: str
    units: list[Unit]
    path: Path | None = None
    topics: list[Topic] = field(init=False, repr=False)
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            for chapter in unit.chapters:
                chapter.unit = unit
                for topic in chapter.topics:
                    topic.chapter = chapter
        self.topics = [topic for chapter in self.chapters for topic in chapter.topics]
        self._index = {topic.id: index for index, topic in enumerate(self.topics)}

    @property
    def chapters(self) -> list[Chapter]:
        """Every chapter, in order."""
        return [chapter for unit in self.units for chapter in unit.chapters]

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None if the guide has none."""
        index = self._index.get(topic_id)
        return None if index is None else self.topics[index]

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
        """ "2 units, 11 chapters, 187 topics, 561 cards, 240 events"."""
        cards = sum(len(topic.cards) for topic in self.topics)
        events = sum(len(topic.events) for topic in self.topics)
        counts = [
            (len(self.units), "unit"),
            (len(self.chapters), "chapter"),
            (len(self.topics), "topic"),
            (cards, "card"),
            (events, "event"),
        ]
        return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts)


def question_key(chapter_id: str, prompt: str) -> str:
    """The id a student's answer plan is stored under: the chapter and a hash of the question."""
    return f"{chapter_id}#{hashlib.sha1(prompt.encode('utf-8')).hexdigest()[:8]}"


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


# ---------------------------------------------------------------------------------------
# Where each table and key stands in the file, for messages with line numbers.

# No lazy or nested repeats: a long line must not make these slow (no catastrophic backtracking).
_ARRAY_HEADER = re.compile(r"^\s*\[\[([^\]]+)\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[([^\]]+)\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*)$")


@dataclass
class _Place:
    line: int
    keys: dict[str, int] = field(default_factory=dict)


def _places(text: str) -> dict[str, list[_Place]]:
    """Map each table path ("" for the top, "units.chapters", ...) to where its tables start."""
    places: dict[str, list[_Place]] = {"": [_Place(1)]}
    current = places[""][0]
    closing: str | None = None
    # TOML counts lines by "\n" alone (str.splitlines would also split at \x1c, \u2028, ...).
    for number, line in enumerate(text.split("\n"), start=1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if header := _ARRAY_HEADER.match(line) or _TABLE_HEADER.match(line):
            path = ".".join(part.strip() for part in header[1].split("."))
            current = _Place(number)
            places.setdefault(path, []).append(current)
            continue
        if key := _KEY.match(line):
            current.keys.setdefault(key[1], number)
            value = key[2]
            for quotes in ('"""', "'''"):
                if value.startswith(quotes) and value.count(quotes) == 1:
                    closing = quotes
                    break
    return places


def brief(text: str, limit: int = 40) -> str:
    """Guide text quoted in a problem: without control codes, anything else unprintable
    (such as a line separator, which would split the problem's line) shown escaped, and
    cut short if it is long."""
    text = clean_text(text)
    text = text if len(text) <= limit else f"{text[:limit]}…"
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def _deepest_line(text: str, limit: int = 100) -> int:
    """The line where brackets first nest deeper than `limit` (1 if they never do).

    A rough count that skips quoted strings on a line; it only has to point the teacher
    at the right place when the TOML parser gives up on very deep nesting.
    """
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for part in re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", line):
            if part in "[{":
                depth += 1
                if depth > limit:
                    return number
            elif part in "]}":
                depth -= 1
    return 1


class _Checker:
    """Walks the parsed TOML, building the guide and collecting problems."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.places = _places(text)
        self.seen: dict[str, dict[str, int]] = {}
        self.counters: dict[str, int] = {}
        self.problems: list[str] = []
        self.ids: dict[str, int] = {}

    def place(self, path: str, count: int, parent: _Place) -> list[_Place]:
        """The places of `count` tables at `path`, or the parent's where they can't be found."""
        start = self.counters.get(path, 0)
        self.counters[path] = start + count
        found = self.places.get(path, [])[start : start + count]
        return found if len(found) == count else [parent] * count

    def report(self, place: _Place, where: str, message: str, key: str | None = None) -> None:
        line = place.keys.get(key, place.line) if key else place.line
        self.problems.append(clean_text(f"{self.name}:{line}: {where}{message}"))

    def table_list(
        self, table: dict[str, Any], key: str, path: str, place: _Place, where: str
    ) -> list[tuple[dict[str, Any], _Place]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.report(place, where, f"{key} must be a list of tables ([[{path}]])", key)
            return []
        return list(zip(value, self.place(path, len(value), place), strict=True))

    def string(
        self,
        table: dict[str, Any],
        key: str,
        place: _Place,
        where: str,
        required: bool = True,
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.report(place, where, f"missing {key}")
            return ""
        if not isinstance(value, str):
            self.report(place, where, f"{key} must be a string", key)
            return ""
        value = clean_text(value).strip()
        if not value and required:
            self.report(place, where, f"empty {key}", key)
        return value

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], place: _Place, where: str
    ) -> None:
        for key in table:
            if key not in allowed:
                self.report(place, where, f"unknown key {brief(key)!r}", key)

    def identity(self, table: dict[str, Any], place: _Place, kind: str) -> tuple[str, str]:
        """The id and title of a unit, chapter or topic, checked for shape and uniqueness."""
        raw_id = table.get("id")
        where = f'{kind} "{brief(raw_id)}": ' if isinstance(raw_id, str) else f"{kind}: "
        topic_id = self.string(table, "id", place, where)
        if topic_id:
            line = place.keys.get("id", place.line)
            if not SLUG.match(topic_id):
                self.report(
                    place, where, "id must be a slug (lowercase letters, digits, hyphens)", "id"
                )
            elif topic_id in self.ids:
                self.report(
                    place, where, f"duplicate id (first at line {self.ids[topic_id]})", "id"
                )
            else:
                self.ids[topic_id] = line
        title = self.string(table, "title", place, where)
        return topic_id, title

    def event_date(self, value: Any, place: _Place, where: str) -> str | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.report(
                place, where, 'date must be a string like "1924", "1924-01" or "1924-01-21"', "date"
            )
            return None
        match = DATE.match(value.strip())
        if match is None:
            self.report(
                place,
                where,
                f'bad date {brief(value)!r} (use "1924", "1924-01" or "1924-01-21")',
                "date",
            )
            return None
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            self.report(place, where, f"bad date {brief(value)!r}: no such day", "date")
            return None
        return value.strip()

    def topic(self, table: dict[str, Any], place: _Place) -> Topic:
        topic_id, title = self.identity(table, place, "topic")
        where = f'topic "{brief(topic_id)}": '
        self.unknown_keys(table, {"id", "title", "body", "cards", "events"}, place, where)
        body = self.string(table, "body", place, where)
        cards = []
        for number, (card, card_place) in enumerate(
            self.table_list(table, "cards", "units.chapters.topics.cards", place, where), start=1
        ):
            card_where = f"{where}card {number}: "
            self.unknown_keys(card, {"front", "back"}, card_place, card_where)
            front = self.string(card, "front", card_place, card_where)
            back = self.string(card, "back", card_place, card_where)
            cards.append(Card(front, back))
        events = []
        for number, (event, event_place) in enumerate(
            self.table_list(table, "events", "units.chapters.topics.events", place, where), start=1
        ):
            event_where = f"{where}event {number}: "
            self.unknown_keys(event, {"date", "text"}, event_place, event_where)
            text = self.string(event, "text", event_place, event_where)
            if "date" not in event:
                self.report(event_place, event_where, "missing date")
                continue
            date = self.event_date(event["date"], event_place, event_where)
            if date is not None:
                events.append(Event(date, text))
        return Topic(topic_id, title, body, cards, events)

    def question(self, table: dict[str, Any], place: _Place, where: str) -> Question:
        self.unknown_keys(table, {"kind", "prompt", "answer", "skill", "source"}, place, where)
        kind = self.string(table, "kind", place, where)
        if kind and kind not in QUESTION_KINDS:
            self.report(place, where, f"kind must be one of {', '.join(QUESTION_KINDS)}", "kind")
        skill = self.string(table, "skill", place, where, required=False) or None
        if skill and skill not in SOURCE_SKILLS:
            self.report(place, where, f"skill must be one of {', '.join(SOURCE_SKILLS)}", "skill")
        source = self.string(table, "source", place, where, required=False) or None
        prompt = self.string(table, "prompt", place, where)
        answer = self.string(table, "answer", place, where)
        return Question(kind, prompt, answer, skill, source)

    def guide(self, data: dict[str, Any], path: Path | None) -> Guide:
        top = self.places[""][0]
        self.unknown_keys(data, {"format", "id", "title", "units"}, top, "guide: ")
        version = data.get("format")
        if version is None:
            self.report(top, "guide: ", f"missing format (this version reads format = {FORMAT})")
        elif not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.report(top, "guide: ", "format must be a whole number", "format")
        elif version > FORMAT:
            self.report(
                top,
                "guide: ",
                f"format {version} is newer than this histtui understands ({FORMAT}); "
                "upgrade histtui",
                "format",
            )
        guide_id = self.string(data, "id", top, "guide: ")
        if guide_id and not SLUG.match(guide_id):
            self.report(
                top, "guide: ", "id must be a slug (lowercase letters, digits, hyphens)", "id"
            )
        title = self.string(data, "title", top, "guide: ")
        units = []
        number = 0
        unit_tables = self.table_list(data, "units", "units", top, "guide: ")
        if not unit_tables:
            self.report(top, "guide: ", "no units")
        for unit_table, unit_place in unit_tables:
            unit_id, unit_title = self.identity(unit_table, unit_place, "unit")
            unit_where = f'unit "{brief(unit_id)}": '
            self.unknown_keys(unit_table, {"id", "title", "chapters"}, unit_place, unit_where)
            unit = Unit(unit_id, unit_title)
            chapter_tables = self.table_list(
                unit_table, "chapters", "units.chapters", unit_place, unit_where
            )
            if not chapter_tables:
                self.report(unit_place, unit_where, "no chapters")
            for chapter_table, chapter_place in chapter_tables:
                number += 1
                chapter_id, chapter_title = self.identity(chapter_table, chapter_place, "chapter")
                chapter_where = f'chapter "{brief(chapter_id)}": '
                self.unknown_keys(
                    chapter_table,
                    {"id", "title", "topics", "questions"},
                    chapter_place,
                    chapter_where,
                )
                chapter = Chapter(chapter_id, chapter_title, number)
                topic_tables = self.table_list(
                    chapter_table, "topics", "units.chapters.topics", chapter_place, chapter_where
                )
                if not topic_tables:
                    self.report(chapter_place, chapter_where, "no topics")
                chapter.topics = [self.topic(table, place) for table, place in topic_tables]
                question_tables = self.table_list(
                    chapter_table,
                    "questions",
                    "units.chapters.questions",
                    chapter_place,
                    chapter_where,
                )
                chapter.questions = [
                    self.question(table, place, f"{chapter_where}question {index}: ")
                    for index, (table, place) in enumerate(question_tables, start=1)
                ]
                unit.chapters.append(chapter)
            units.append(unit)
        return Guide(guide_id, title, units, path)


def parse_guide(text: str, name: str = "guide.toml", path: Path | None = None) -> Guide:
    """Build a guide from TOML text; raise GuideError listing every problem."""
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        deepest = _deepest_line(text)
        raise GuideError([f"{name}:{deepest}: not valid TOML: nested too deeply"]) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"at line (\d+)", message)
        # "at end of document" has no line: give the last line that has anything on it.
        line = found[1] if found else str(text.rstrip().count("\n") + 1)
        where = f"{name}:{line}"
        raise GuideError([f"{where}: not valid TOML: {clean_text(message)}"]) from None
    checker = _Checker(name, text)
    guide = checker.guide(data, path)
    if checker.problems:
        raise GuideError(checker.problems)
    return guide


def load_guide(path: Path) -> Guide:
    """Read and validate the guide at `path`; raise GuideError listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise GuideError([f"{path}: cannot read the guide: {error.strerror or error}"]) from None
    return guide_from_bytes(raw, path)


def guide_from_bytes(raw: bytes, path: Path) -> Guide:
    """Validate the bytes of the guide file at `path`; raise GuideError listing every problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise GuideError([f"{path.name}:{line}: not UTF-8 text"]) from None
    return parse_guide(text, path.name, path)

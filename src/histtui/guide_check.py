"""Load a guide: read the TOML, check every part of it and build the Guide.

Plain Python with no Textual import. `load_guide` reports every problem in a guide at once,
one line each with the file and line, and never lets a traceback reach the teacher.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from histtui.case_study_check import CaseStudyChecker
from histtui.guide import (
    DATE,
    FORMAT,
    QUESTION_KINDS,
    SLUG,
    SOURCE_SKILLS,
    Card,
    Chapter,
    Event,
    Guide,
    GuideError,
    Question,
    Topic,
    Unit,
)
from histtui.guide_toml import Place, brief, deepest_line
from histtui.textclean import clean_text


class _Checker(CaseStudyChecker):
    """Walks the parsed TOML, building the guide and collecting problems."""

    def event_date(self, value: Any, place: Place, where: str) -> str | None:
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

    def topic(self, table: dict[str, Any], place: Place) -> Topic:
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

    def question(self, table: dict[str, Any], place: Place, where: str) -> Question:
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
                    {"id", "title", "topics", "questions", "case_studies"},
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
                case_study_tables = self.table_list(
                    chapter_table,
                    "case_studies",
                    "units.chapters.case_studies",
                    chapter_place,
                    chapter_where,
                )
                chapter.case_studies = [
                    self.case_study(table, place) for table, place in case_study_tables
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
        deepest = deepest_line(text)
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

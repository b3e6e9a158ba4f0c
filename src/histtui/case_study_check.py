"""Check a chapter's source-based case studies (`[[units.chapters.case_studies]]`).

Plain Python with no Textual import. The rules are those of docs/guide-format.md: lettered
sources with their provenance and original, questions on named sources with a mark scheme
of levels, marks that add up, and a last question that weighs an assertion against every
source.
"""

from __future__ import annotations

import re
from typing import Any

from histtui.guide import (
    MAX_LEVELS,
    MAX_SOURCE_WORDS,
    MAX_SOURCES,
    SKILLS,
    SOURCE_KINDS,
    CaseStudy,
    Level,
    Source,
    SubQuestion,
)
from histtui.guide_toml import Place, TomlChecker, brief

LETTER = re.compile(r"^[A-Z]$")
_PATH = "units.chapters.case_studies"


class CaseStudyChecker(TomlChecker):
    """Reads case studies, collecting their problems with the rest of the guide's."""

    def whole(self, table: dict[str, Any], key: str, place: Place, where: str) -> int | None:
        """A positive whole number at `key`, or None (reported) if it is missing or not one."""
        value = table.get(key)
        if value is None:
            self.report(place, where, f"missing {key}")
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.report(place, where, f"{key} must be a positive whole number", key)
            return None
        return value

    def case_study(self, table: dict[str, Any], place: Place) -> CaseStudy:
        """A case study, with every problem in it reported."""
        study_id, title = self.identity(table, place, "case study")
        where = f'case study "{brief(study_id)}": '
        self.unknown_keys(
            table,
            {"id", "title", "inquiry", "marks", "context", "sources", "questions"},
            place,
            where,
        )
        inquiry = self.string(table, "inquiry", place, where)
        marks = self.whole(table, "marks", place, where)
        context = self.string(table, "context", place, where, required=False)
        source_tables = self.table_list(table, "sources", f"{_PATH}.sources", place, where)
        if not source_tables:
            self.report(place, where, "no sources")
        elif len(source_tables) > MAX_SOURCES:
            self.report(
                place, where, f"{len(source_tables)} sources (at most {MAX_SOURCES})", "sources"
            )
        letters: dict[str, int] = {}
        sources = [
            self.source(source_table, source_place, where, number, letters)
            for number, (source_table, source_place) in enumerate(source_tables, start=1)
        ]
        question_tables = self.table_list(table, "questions", f"{_PATH}.questions", place, where)
        if not question_tables:
            self.report(place, where, "no questions")
        questions: list[SubQuestion | None] = [
            self.sub_question(
                question_table, question_place, f"{where}question {number}: ", letters
            )
            for number, (question_table, question_place) in enumerate(question_tables, start=1)
        ]
        self.whole_paper(questions, question_tables, place, where, marks, letters)
        return CaseStudy(
            study_id,
            title,
            inquiry,
            marks or 0,
            context,
            sources,
            [question for question in questions if question is not None],
        )

    def whole_paper(
        self,
        questions: list[SubQuestion | None],
        tables: list[tuple[dict[str, Any], Place]],
        place: Place,
        where: str,
        marks: int | None,
        letters: dict[str, int],
    ) -> None:
        """Check what the questions must do together: add up, and end on an assertion."""
        if not questions:
            return
        found = [question.marks for question in questions if question is not None]
        if marks is not None and len(found) == len(questions) and sum(found) != marks:
            self.report(
                place,
                where,
                f"the questions' marks add up to {sum(found)}, not the case study's {marks}",
                "marks",
            )
        last, (_, last_place) = questions[-1], tables[-1]
        last_where = f"{where}question {len(questions)}: "
        if last is None or not last.skill:
            return
        if last.skill != "assertion":
            self.report(
                last_place, last_where, "the last question must be an assertion question", "skill"
            )
        left_out = [letter for letter in letters if letter not in last.sources]
        if last.sources and left_out:
            self.report(
                last_place,
                last_where,
                f"the last question must use every source; it leaves out {', '.join(left_out)}",
                "sources",
            )

    def source(
        self,
        table: dict[str, Any],
        place: Place,
        study_where: str,
        number: int,
        letters: dict[str, int],
    ) -> Source:
        """A source, its letter recorded in `letters` (letter: line) if it is a good one."""
        raw_letter = table.get("letter")
        label = brief(raw_letter) if isinstance(raw_letter, str) and raw_letter else str(number)
        where = f"{study_where}source {label}: "
        self.unknown_keys(table, {"letter", "kind", "provenance", "text", "original"}, place, where)
        letter = self.string(table, "letter", place, where)
        if letter and not LETTER.match(letter):
            self.report(place, where, "letter must be one capital letter (A, B, C ...)", "letter")
        elif letter in letters:
            self.report(
                place, where, f"duplicate letter (first at line {letters[letter]})", "letter"
            )
        elif letter:
            letters[letter] = place.keys.get("letter", place.line)
        kind = self.string(table, "kind", place, where)
        if kind and kind not in SOURCE_KINDS:
            self.report(place, where, f"kind must be one of {', '.join(SOURCE_KINDS)}", "kind")
        provenance = self.string(table, "provenance", place, where)
        if kind == "text" and provenance and "adapted from" not in provenance.casefold():
            self.report(
                place,
                where,
                'a text source\'s provenance must say what it is adapted from ("Adapted from ...")',
                "provenance",
            )
        text = self.string(table, "text", place, where)
        if (words := len(text.split())) > MAX_SOURCE_WORDS:
            self.report(
                place, where, f"text has {words} words (at most {MAX_SOURCE_WORDS})", "text"
            )
        original = self.string(table, "original", place, where)
        return Source(letter, kind, provenance, text, original)

    def sub_question(
        self, table: dict[str, Any], place: Place, where: str, letters: dict[str, int]
    ) -> SubQuestion | None:
        """A question; None if its marks are unusable, so that they are not added up."""
        self.unknown_keys(
            table, {"skill", "sources", "marks", "prompt", "answer", "levels"}, place, where
        )
        skill = self.string(table, "skill", place, where)
        if skill and skill not in SKILLS:
            self.report(place, where, f"skill must be one of {', '.join(SKILLS)}", "skill")
        sources = self.letters(table, place, where, letters)
        marks = self.whole(table, "marks", place, where)
        prompt = self.string(table, "prompt", place, where)
        answer = self.string(table, "answer", place, where)
        levels = self.levels(table, place, where, marks)
        if marks is None:
            return None
        return SubQuestion(skill, sources, marks, prompt, answer, levels)

    def letters(
        self, table: dict[str, Any], place: Place, where: str, letters: dict[str, int]
    ) -> tuple[str, ...]:
        """The letters of the sources a question uses, each one of the case study's."""
        value = table.get("sources")
        if value is None:
            self.report(place, where, "missing sources")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.report(
                place,
                where,
                'sources must be a list of source letters, such as ["A", "B"]',
                "sources",
            )
            return ()
        if not value:
            self.report(place, where, "sources must name at least one source", "sources")
        used: list[str] = []
        for letter in value:
            if letter in used:
                self.report(place, where, f"sources names {brief(letter)} twice", "sources")
            elif letter not in letters:
                self.report(
                    place,
                    where,
                    f"sources: no source {brief(letter)!r} in this case study",
                    "sources",
                )
            else:
                used.append(letter)
        return tuple(used)

    def levels(
        self, table: dict[str, Any], place: Place, where: str, marks: int | None
    ) -> tuple[Level, ...]:
        """A question's mark scheme: levels 1..N, mark ranges ascending up to its marks."""
        level_tables = self.table_list(table, "levels", f"{_PATH}.questions.levels", place, where)
        if not level_tables:
            self.report(place, where, "no levels")
        elif len(level_tables) > MAX_LEVELS:
            self.report(
                place, where, f"{len(level_tables)} levels (at most {MAX_LEVELS})", "levels"
            )
        levels: list[Level] = []
        previous: Level | None = None
        for number, (level_table, level_place) in enumerate(level_tables, start=1):
            level_where = f"{where}level {number}: "
            self.unknown_keys(level_table, {"level", "marks", "text"}, level_place, level_where)
            value = level_table.get("level")
            if value is None:
                self.report(level_place, level_where, "missing level")
            elif not isinstance(value, int) or isinstance(value, bool) or value != number:
                self.report(
                    level_place,
                    level_where,
                    f"level must be {number} (levels are numbered 1, 2, 3 ... in order)",
                    "level",
                )
            span = self.span(level_table, level_place, level_where, marks)
            text = self.string(level_table, "text", level_place, level_where)
            if span is None:
                previous = None
                continue
            low, high = span
            if previous is not None and low <= previous.high:
                self.report(
                    level_place,
                    level_where,
                    f"marks [{low}, {high}] must start above level {previous.level}'s "
                    f"[{previous.low}, {previous.high}]",
                    "marks",
                )
            previous = Level(number, low, high, text)
            levels.append(previous)
        if marks is not None and levels and len(levels) == len(level_tables):
            top, (_, top_place) = levels[-1], level_tables[-1]
            if top.high != marks:
                self.report(
                    top_place,
                    f"{where}level {top.level}: ",
                    f"the top level must reach the question's {marks} marks, not {top.high}",
                    "marks",
                )
        return tuple(levels)

    def span(
        self, table: dict[str, Any], place: Place, where: str, marks: int | None
    ) -> tuple[int, int] | None:
        """A level's `marks = [low, high]`, within 1..the question's marks."""
        value = table.get("marks")
        if value is None:
            self.report(place, where, "missing marks")
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(item, int) and not isinstance(item, bool) for item in value)
        ):
            self.report(place, where, "marks must be [lowest, highest], such as [3, 4]", "marks")
            return None
        low, high = value
        top = marks if marks is not None else high
        if not 1 <= low <= high <= top:
            self.report(
                place,
                where,
                f"marks [{low}, {high}] must have 1 <= lowest <= highest <= {top}",
                "marks",
            )
            return None
        return low, high

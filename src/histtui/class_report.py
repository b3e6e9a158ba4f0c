"""The class report: `histtui class FILES...` reads the JSON reports students hand in.

Plain Python with no Textual import. Each file is `histtui export --format json` output
(export.py); one that is not (damaged, too big, of another guide, of a newer format, or a
second copy of a student's report) is named with the reason and left out, and the rest make
a table: one row per student, then the class average and, per chapter, the students below
half. Markdown (the default) or CSV.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from histtui.config import clean_name
from histtui.export import REPORT_FORMAT
from histtui.guide import Guide
from histtui.statefile import Refused, read_capped, shown
from histtui.textclean import escape_unprintable
from histtui.wording import percent, plural

FORMATS = ("markdown", "csv")
LIMIT = 4 * 1024 * 1024
"""A report longer than this is not one (a student's whole year is a few hundred KB)."""


class BadReport(Exception):
    """Why a file is not a report this class table can use."""


@dataclass
class Student:
    """One student's row, from one report file."""

    name: str
    file: Path
    generated: str
    topics_done: int
    topics_total: int
    chapters: dict[int, int]
    """Percent complete, by chapter number."""
    reviewed_7_days: int | None
    """None for a report made before export counted it."""
    exam_plans: int
    case_study_marks: tuple[int, int] | None
    """Best marks over all self-marked case studies, and what they were out of; None when
    the report has no case-study section."""


@dataclass
class Skipped:
    """A file left out, and why."""

    file: Path
    reason: str


@dataclass
class ClassReport:
    """The class table's contents."""

    guide: str
    chapters: list[tuple[int, str]]
    students: list[Student] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def average(self, number: int) -> int:
        """The class average percent complete of a chapter (0 with no students)."""
        return _mean([student.chapters[number] for student in self.students])

    def below_half(self, number: int) -> list[str]:
        """The students below 50% in a chapter."""
        return [student.name for student in self.students if student.chapters[number] < 50]


def report_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, with every *.json file of a folder named, in order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(child for child in path.glob("*.json") if not child.is_dir())
        else:
            files.append(path)
    return files


def build_class_report(guide: Guide, paths: Iterable[Path]) -> ClassReport:
    """Read every report named (folders: their *.json files) against `guide`."""
    report = ClassReport(
        guide.title, [(chapter.number, chapter.title) for chapter in guide.chapters]
    )
    seen_bytes: dict[str, Path] = {}
    by_name: dict[str, Student] = {}
    for path in report_files(paths):
        try:
            data = read_capped(path, LIMIT)
        except Refused as refused:
            report.skipped.append(Skipped(path, refused.message))
            continue
        except OSError as error:
            report.skipped.append(Skipped(path, f"cannot be read: {error.strerror or error}"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen_bytes:
            report.skipped.append(Skipped(path, f"a copy of {shown(seen_bytes[digest])}"))
            continue
        seen_bytes[digest] = path
        try:
            student = read_student(data, path, guide)
        except BadReport as bad:
            report.skipped.append(Skipped(path, str(bad)))
            continue
        key = student.name.casefold()
        earlier = by_name.get(key)
        if earlier is None:
            by_name[key] = student
            continue
        # Two reports of one student: the newer one counts.
        older, newer = sorted((earlier, student), key=lambda row: row.generated)
        by_name[key] = newer
        report.skipped.append(
            Skipped(older.file, f"an older report of {older.name} than {shown(newer.file)}")
        )
    report.students = sorted(by_name.values(), key=lambda row: row.name.casefold())
    return report


def read_student(data: bytes, path: Path, guide: Guide) -> Student:
    """The student's row from the bytes of a report file; BadReport when it is not one."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadReport("damaged: not a JSON report from histtui export") from None
    if not isinstance(document, dict) or "chapters" not in document:
        raise BadReport("not a report from `histtui export --format json`")
    version = document.get("format", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadReport("damaged: its format is not a number")
    if version > REPORT_FORMAT:
        raise BadReport(f"made by a newer histtui (report format {version}); update histtui")
    guide_id = document.get("guide_id")
    title = document.get("guide")
    if (guide_id is not None and guide_id != guide.id) or (
        guide_id is None and title != guide.title
    ):
        other = title if isinstance(title, str) else guide_id
        raise BadReport(f"a report on another guide ({clean_name(str(other))!r})")
    try:
        return _student(document, path, guide)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BadReport("damaged: a figure is missing or not a number") from None


def _student(document: dict[str, Any], path: Path, guide: Guide) -> Student:
    chapters: dict[int, int] = {}
    plans = 0
    for row in document["chapters"]:
        number = _count(row["number"])
        chapters[number] = min(_count(row["percent"]), 100)
        plans += len(dict(row.get("exam_plans") or {}))
    numbers = {chapter.number for chapter in guide.chapters}
    if set(chapters) != numbers:
        raise BadReport("a report on another edition of the guide (its chapters differ)")
    recent = document.get("reviewed_last_7_days")
    name = clean_name(document.get("name") or "") if isinstance(document.get("name"), str) else ""
    return Student(
        name or clean_name(path.stem) or shown(path),
        path,
        str(document.get("generated", "")),
        _count(document["topics_done"]),
        _count(document["topics_total"]),
        chapters,
        None if recent is None else _count(recent),
        plans,
        _case_studies(document.get("case_studies")),
    )


def _case_studies(rows: Any) -> tuple[int, int] | None:
    """Best marks and their total over the report's case studies; None without a section."""
    if rows is None:
        return None
    got = possible = 0
    for row in rows:
        got += _count(row["best"])
        possible += _count(row["total"])
    return got, possible


def _count(value: Any) -> int:
    """A whole number of at least 0 from a report, or ValueError."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(value)
    return value


def render_class(report: ClassReport, fmt: str) -> str:
    """The class table as Markdown or CSV text."""
    return _csv(report) if fmt == "csv" else _markdown(report)


def _recent(student: Student) -> str:
    return "–" if student.reviewed_7_days is None else str(student.reviewed_7_days)


def _marks(student: Student) -> str:
    if student.case_study_marks is None:
        return "–"
    got, possible = student.case_study_marks
    return f"{got}/{possible}" if possible else "none marked"


def _cell(text: str) -> str:
    """Text in a Markdown table cell: one line, and no `|` that would end the cell."""
    return escape_unprintable(text).replace("\\", "\\\\").replace("|", "\\|")


def _markdown(report: ClassReport) -> str:
    numbers = [number for number, _ in report.chapters]
    lines = [
        f"# Class report: {_cell(report.guide)}",
        "",
        f"{plural(len(report.students), 'student')}"
        + (f"; {plural(len(report.skipped), 'file')} left out (below)" if report.skipped else "")
        + ". Chapters: percent of topics complete; cards: reviewed in the 7 days before each "
        "report was made.",
        "",
        "| Student | Topics | " + " | ".join(f"Ch {n}" for n in numbers) + " | Cards (7 days) "
        "| Exam plans | Case studies |",
        "| --- | --- | " + " | ".join("---:" for _ in numbers) + " | ---: | ---: | ---: |",
    ]
    for student in report.students:
        lines.append(
            f"| {_cell(student.name)} | {student.topics_done}/{student.topics_total} | "
            + " | ".join(f"{student.chapters[n]}%" for n in numbers)
            + f" | {_recent(student)} | {student.exam_plans} | {_marks(student)} |"
        )
    if report.students:
        lines.append(
            "| **Class average** | "
            + f"{_average_topics(report)}% | "
            + " | ".join(f"**{report.average(n)}%**" for n in numbers)
            + " | | | |"
        )
    lines += ["", "## By chapter", "", "| Chapter | Class average | Below half |"]
    lines.append("| --- | ---: | --- |")
    for number, title in report.chapters:
        below = ", ".join(_cell(name) for name in report.below_half(number)) or "none"
        lines.append(f"| {number}. {_cell(title)} | {report.average(number)}% | {below} |")
    if report.skipped:
        lines += ["", "## Left out", ""]
        lines += [f"- {_cell(shown(item.file))}: {_cell(item.reason)}" for item in report.skipped]
    return "\n".join(lines) + "\n"


def _average_topics(report: ClassReport) -> int:
    return _mean([percent(s.topics_done, s.topics_total) for s in report.students])


def _mean(values: list[int]) -> int:
    """The mean, rounded half up as a teacher would (62.5 is 63); 0 of nothing."""
    return int(sum(values) / len(values) + 0.5) if values else 0


def _spreadsheet(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _csv(report: ClassReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    numbers = [number for number, _ in report.chapters]
    writer.writerow(
        [
            "student",
            "file",
            "topics_done",
            "topics_total",
            *(f"chapter_{n}_percent" for n in numbers),
            "cards_reviewed_7_days",
            "exam_plans",
            "case_study_marks",
            "case_study_total",
        ]
    )
    for student in report.students:
        marks = student.case_study_marks
        writer.writerow(
            [
                _spreadsheet(student.name),
                _spreadsheet(escape_unprintable(student.file.name)),
                student.topics_done,
                student.topics_total,
                *(student.chapters[n] for n in numbers),
                "" if student.reviewed_7_days is None else student.reviewed_7_days,
                student.exam_plans,
                "" if marks is None else marks[0],
                "" if marks is None else marks[1],
            ]
        )
    if report.students:
        writer.writerow(
            ["class average", "", "", "", *(report.average(n) for n in numbers), "", "", "", ""]
        )
    return out.getvalue()

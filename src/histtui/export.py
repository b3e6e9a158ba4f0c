"""The progress report a teacher asks for: `histtui export`.

Plain Python with no Textual import. Per chapter: topics done, cards reviewed and due,
bookmarks, notes and exam plans; then anything the student did on topics that are no longer
in the guide; then, when the student has self-marked case studies, each one's scores and the
skill profile. Markdown (the default), CSV or JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from histtui import casework
from histtui.config import NEW_CARDS_PER_DAY
from histtui.guide import Guide, question_key
from histtui.progress import Progress
from histtui.scheduling import Reviewer, new_card_limit
from histtui.stats import statistics
from histtui.textclean import clean_text
from histtui.wording import percent

FORMATS = ("markdown", "csv", "json")

REPORT_FORMAT = 1
"""The layout of a JSON report (`format`), which `histtui class` reads; raise it when a field
changes meaning or goes. Reports before it had no `format` key: they read as format 1."""

RECENT = dt.timedelta(days=7)
"""Cards reviewed "lately": in the week before the report was made."""


@dataclass
class ChapterReport:
    """One chapter's row of the report."""

    number: int
    title: str
    topics_done: int
    topics_total: int
    percent: int
    cards_reviewed: int
    cards_due: int
    bookmarks: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    exam_plans: dict[str, str] = field(default_factory=dict)
    cards_new: int = 0
    cards_learning: int = 0
    cards_young: int = 0
    cards_mature: int = 0
    recall_percent: int | None = None
    """FSRS's mean predicted recall of the chapter's cards seen, now (None: none seen)."""


@dataclass
class CaseStudyReport:
    """One self-marked case study: its latest and best scores, and its last attempt."""

    chapter: int
    title: str
    total: int
    latest: int
    best: int
    marked: int
    questions: int
    last_attempt: str


@dataclass
class SkillReport:
    """One skill of the profile: latest self-marks over every question marked."""

    skill: str
    got: int
    possible: int
    percent: int
    questions: int


@dataclass
class Report:
    """A student's whole report on one guide."""

    format: int
    guide_id: str
    name: str
    reviewed_last_7_days: int
    guide: str
    generated: str
    topics_done: int
    topics_total: int
    percent: int
    chapters: list[ChapterReport]
    not_in_guide: list[str]
    case_studies: list[CaseStudyReport] = field(default_factory=list)
    skill_profile: list[SkillReport] = field(default_factory=list)
    streak_days: int = 0
    longest_streak_days: int = 0
    reviews_per_day: float = 0.0
    true_retention_percent: int | None = None
    """Mature cards' reviews not graded Again in the last 30 days (None: no such review)."""
    due_next_14_days: list[int] = field(default_factory=list)
    cards_due_later_today: int = 0


def build_report(
    guide: Guide,
    progress: Progress,
    now: dt.datetime,
    name: str = "",
    new_limit: int = NEW_CARDS_PER_DAY,
) -> Report:
    """Gather the report's figures from a guide and a student's progress (`name`: the
    student's, "" for none). Cards due are due now as the Smart Guide and the review screen
    count them (scheduling.Reviewer.queue, with the daily limit on new cards: the Smart
    Guide's setting, else `new_limit`)."""
    reviewer = Reviewer(guide, progress)
    keys = {key for key, _, _ in reviewer.cards()}
    recent = sum(
        1
        for review in progress.reviews
        if review.card in keys and review.kind == "grade" and now - review.at <= RECENT
    )
    queue = reviewer.queue(now, new_card_limit(progress, new_limit))
    due_by_chapter = Counter(card.topic.chapter.id for card in queue)
    chapters = []
    for chapter in guide.chapters:
        ids = [topic.id for topic in chapter.topics]
        done = progress.count_complete(ids)
        chapters.append(
            ChapterReport(
                chapter.number,
                chapter.title,
                done,
                len(ids),
                percent(done, len(ids)),
                reviewer.reviewed(chapter.topics),
                due_by_chapter[chapter.id],
                [topic.title for topic in chapter.topics if progress.is_bookmarked(topic.id)],
                # Notes come from the progress file, which anyone can edit: no control codes.
                {
                    topic.title: clean_text(note)
                    for topic in chapter.topics
                    if (note := progress.note(topic.id))
                },
                {
                    question.prompt: clean_text(plan)
                    for question in chapter.questions
                    if (plan := progress.plan(question_key(chapter.id, question.prompt)))
                },
            )
        )
    in_guide = {topic.id for topic in guide.topics}
    gone = sorted(
        {
            clean_text(key)
            for key in (*progress.topics, *progress.notes, *progress.bookmarks)
            if key not in in_guide
        }
    )
    total = len(guide.topics)
    done = progress.count_complete(in_guide)
    figures = statistics(guide, progress, now, reviewer=reviewer)
    for row in figures.chapters:
        report_row = chapters[guide.chapters.index(row.chapter)]
        report_row.cards_new, report_row.cards_learning = row.new, row.learning
        report_row.cards_young, report_row.cards_mature = row.young, row.mature
        if row.retrievability is not None:
            report_row.recall_percent = round(100 * row.retrievability)
    return Report(
        REPORT_FORMAT,
        guide.id,
        name,
        recent,
        guide.title,
        now.replace(microsecond=0).isoformat(),  # to the second: a report is read
        done,
        total,
        percent(done, total),
        chapters,
        gone,
        case_study_reports(guide, progress),
        [
            SkillReport(line.skill, line.got, line.possible, line.percent, line.questions)
            for line in casework.skill_profile(guide, progress)
        ],
        figures.current_streak,
        figures.longest_streak,
        round(figures.reviews_per_day, 1),
        None if figures.retention is None else round(100 * figures.retention),
        figures.forecast,
        reviewer.counts(now, new_card_limit(progress, new_limit)).later_today,
    )


def case_study_reports(guide: Guide, progress: Progress) -> list[CaseStudyReport]:
    """A row for each case study the student has self-marked, in guide order."""
    rows = []
    for case_study in guide.case_studies:
        best = casework.best_score(progress, case_study)
        if best is None:
            continue
        latest = casework.score(progress, case_study)
        when = casework.last_attempt(progress, case_study)
        rows.append(
            CaseStudyReport(
                case_study.chapter.number,
                case_study.title,
                case_study.marks,
                latest.got,
                best.got,
                latest.marked,
                latest.questions,
                when.isoformat() if when else "",
            )
        )
    return rows


def render(report: Report, fmt: str) -> str:
    """The report as Markdown, CSV or JSON text."""
    if fmt == "json":
        data = asdict(report)
        for name in ("case_studies", "skill_profile"):
            if not data[name]:  # a report without case studies reads as it always did
                del data[name]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report)
    return _markdown(report)


def _csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "chapter",
            "title",
            "topics_done",
            "topics_total",
            "percent",
            "cards_reviewed",
            "cards_due",
            "bookmarks",
            "notes",
            "exam_plans",
            "cards_new",
            "cards_learning",
            "cards_young",
            "cards_mature",
            "recall_percent",
        ]
    )
    for row in report.chapters:
        writer.writerow(
            [
                row.number,
                row.title,
                row.topics_done,
                row.topics_total,
                row.percent,
                row.cards_reviewed,
                row.cards_due,
                len(row.bookmarks),
                len(row.notes),
                len(row.exam_plans),
                row.cards_new,
                row.cards_learning,
                row.cards_young,
                row.cards_mature,
                "" if row.recall_percent is None else row.recall_percent,
            ]
        )
    if report.case_studies:
        # A second table after a blank line, only for a student who has marked case studies.
        writer.writerow([])
        writer.writerow(
            ["chapter", "case_study", "total", "latest", "best", "marked", "questions", "last"]
        )
        for case in report.case_studies:
            writer.writerow(
                [
                    case.chapter,
                    case.title,
                    case.total,
                    case.latest,
                    case.best,
                    case.marked,
                    case.questions,
                    case.last_attempt,
                ]
            )
        writer.writerow([])
        writer.writerow(["skill", "marks", "possible", "percent", "questions"])
        for line in report.skill_profile:
            writer.writerow([line.skill, line.got, line.possible, line.percent, line.questions])
    return out.getvalue()


def _markdown(report: Report) -> str:
    lines = [
        f"# Progress report: {report.guide}",
        "",
        *([f"Student: {report.name}", ""] if report.name else []),
        f"{report.percent}% Complete, {report.topics_done}/{report.topics_total} Steps "
        f"(generated {report.generated})",
        "",
        "| # | Chapter | Topics | % | Cards reviewed | Cards due | Bookmarks | Notes "
        "| Exam plans |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.chapters:
        lines.append(
            f"| {row.number} | {row.title} | {row.topics_done}/{row.topics_total} | {row.percent}% "
            f"| {row.cards_reviewed} | {row.cards_due} | {len(row.bookmarks)} | {len(row.notes)} "
            f"| {len(row.exam_plans)} |"
        )
    retention = (
        "no mature cards yet"
        if report.true_retention_percent is None
        else f"{report.true_retention_percent}%"
    )
    lines += [
        "",
        "## Statistics",
        "",
        f"- Streak: {report.streak_days} days (longest {report.longest_streak_days})",
        f"- Reviews a day (last 30 days): {report.reviews_per_day}",
        f"- True retention (mature cards, last 30 days): {retention}",
        f"- Cards due later today: {report.cards_due_later_today}",
        f"- Cards due in the next 14 days: {', '.join(map(str, report.due_next_14_days))}",
        "",
        "| # | Chapter | New | Learning | Young | Mature | Recall now |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report.chapters:
        recall = "-" if row.recall_percent is None else f"{row.recall_percent}%"
        lines.append(
            f"| {row.number} | {row.title} | {row.cards_new} | {row.cards_learning} "
            f"| {row.cards_young} | {row.cards_mature} | {recall} |"
        )
    for row in report.chapters:
        if not (row.bookmarks or row.notes or row.exam_plans):
            continue
        lines += ["", f"## {row.number}. {row.title}"]
        if row.bookmarks:
            lines += ["", "Revise again:", *(f"- {title}" for title in row.bookmarks)]
        for title, note in row.notes.items():
            lines += ["", f"### Note: {title}", "", note.strip()]
        for prompt, plan in row.exam_plans.items():
            lines += ["", f"### Exam plan: {prompt}", "", plan.strip()]
    if report.not_in_guide:
        lines += ["", "## No longer in the guide", ""]
        lines += [f"- {topic_id}" for topic_id in report.not_in_guide]
    if report.case_studies:
        lines += [
            "",
            "## Case studies (self-marked)",
            "",
            "| # | Case study | Latest | Best | Marked | Last attempt |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for case in report.case_studies:
            lines.append(
                f"| {case.chapter} | {case.title} | {case.latest}/{case.total} "
                f"| {case.best}/{case.total} | {case.marked}/{case.questions} "
                f"| {case.last_attempt[:10]} |"
            )
        lines += [
            "",
            "## Skill profile",
            "",
            "| Skill | Marks | % | Questions |",
            "| --- | --- | --- | --- |",
        ]
        for line in report.skill_profile:
            lines.append(
                f"| {line.skill} | {line.got}/{line.possible} | {line.percent}% "
                f"| {line.questions} |"
            )
    return "\n".join(lines) + "\n"

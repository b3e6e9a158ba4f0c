"""The progress report a teacher asks for: `histtui export`.

Plain Python with no Textual import. Per chapter: topics done, cards reviewed and due,
bookmarks, notes and exam plans; then anything the student did on topics that are no longer
in the guide. Markdown (the default), CSV or JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from histtui.config import NEW_CARDS_PER_DAY
from histtui.guide import Guide, question_key
from histtui.progress import Progress
from histtui.scheduling import Reviewer, new_card_limit
from histtui.textclean import clean_text
from histtui.wording import percent

FORMATS = ("markdown", "csv", "json")


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


@dataclass
class Report:
    """A student's whole report on one guide."""

    guide: str
    generated: str
    topics_done: int
    topics_total: int
    percent: int
    chapters: list[ChapterReport]
    not_in_guide: list[str]


def build_report(
    guide: Guide, progress: Progress, now: dt.datetime, new_limit: int = NEW_CARDS_PER_DAY
) -> Report:
    """Gather the report's figures from a guide and a student's progress. Cards due are
    due now as the Smart Guide and the review screen count them (scheduling.Reviewer.queue,
    with the daily limit on new cards: the Smart Guide's setting, else `new_limit`)."""
    reviewer = Reviewer(guide, progress)
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
    return Report(
        guide.title,
        now.isoformat(),
        done,
        total,
        percent(done, total),
        chapters,
        gone,
    )


def render(report: Report, fmt: str) -> str:
    """The report as Markdown, CSV or JSON text."""
    if fmt == "json":
        return json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"
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
            ]
        )
    return out.getvalue()


def _markdown(report: Report) -> str:
    lines = [
        f"# Progress report: {report.guide}",
        "",
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
    return "\n".join(lines) + "\n"

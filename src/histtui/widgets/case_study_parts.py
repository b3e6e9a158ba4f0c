"""What the case-study screens draw: sources, questions, marking guides, marks and the
skill profile, as rich renderables made from the guide and the student's progress."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from histtui import casework
from histtui.guide import CaseStudy, Guide, Source, SubQuestion
from histtui.progress import Progress
from histtui.widgets.notes_markdown import render_markdown
from histtui.widgets.statistics_table import StatisticsTable
from histtui.wording import plural

LETTERS = "ABCDEF"


# What the screens draw (plain functions of the guide and the progress) ------------------


LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[A-Z][.)]|\([a-z0-9]+\)|[-•*])\s")
"""A line that begins a numbered or lettered point ("4. ", "B. ", "(a) ", "- ")."""


def reflow(text: str) -> str:
    """A source's text with the TOML's line breaks inside paragraphs taken out, keeping each
    numbered or lettered point (a treaty's articles, a note's terms) on a line of its own."""
    paragraphs = []
    for part in text.strip().split("\n\n"):
        lines: list[str] = []
        for line in part.split("\n"):
            if not line.strip():
                continue
            if lines and not LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {' '.join(line.split())}"
            else:
                lines.append(" ".join(line.split()))
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def source_body(source: Source) -> RenderableType:
    """A text source as its text; a visual source or a table framed, titled with its kind."""
    if source.is_visual:
        return Panel(
            Text(reflow(source.text)),
            # The title in the text colour, not the border's magenta (about 4.2:1 on dark).
            title=Text.assemble((f"{source.kind.capitalize()} (described)", "bold default")),
            title_align="left",
            border_style="magenta",
            padding=(0, 1),
        )
    if source.kind == "statistics":
        return Panel(
            StatisticsTable(source.text),
            title=Text("Statistics", style="bold"),
            title_align="left",
            padding=(0, 1),
        )
    return Text(reflow(source.text))


def source_tabs(case_study: CaseStudy, current: str, used: tuple[str, ...]) -> Text:
    """ "Sources  A  B  C": the open one reversed, the ones the question uses in bold."""
    text = Text("Sources ", style="dim")
    for source in case_study.sources:
        style = "reverse bold" if source.letter == current else ""
        if source.letter in used and source.letter != current:
            style = "bold underline"
        text.append(f" {source.letter} ", style=style or "dim")
        text.append(" ")
    return text


def provenance_line(source: Source) -> Text:
    """ "Source B: A cartoon by David Low, ..." as the paper prints it."""
    return Text.assemble((f"Source {source.letter}: ", "bold"), source.provenance)


def question_head(number: int, count: int, question: SubQuestion, last: int | None = None) -> Text:
    """ "Question 1 of 4 · Inference · 5 marks · about 8 minutes", then the prompt."""
    minutes = casework.suggested_minutes(question.marks)
    head = Text.assemble(
        (f"Question {number} of {count}", "bold"),
        " · ",
        (question.skill.capitalize(), "bold"),
        f" · {plural(question.marks, 'mark')} · about {minutes} minutes",
        (f" · Sources {', '.join(question.sources)}", "dim"),
    )
    if last is not None:
        head.append(f" · last self-mark {last}/{question.marks}", style="histtui.done")
    return Text.assemble(head, "\n", question.prompt)


def marking_guide(question: SubQuestion) -> RenderableType:
    """The levels of the mark scheme with their marks, and the model answer."""
    parts: list[RenderableType] = []
    for level in question.levels:
        marks = str(level.low) if level.low == level.high else f"{level.low}-{level.high}"
        parts.append(
            Text.assemble(
                (f"Level {level.level}", "bold"),
                f" ({plural(level.high, 'mark') if level.low == level.high else marks + ' marks'})",
                "\n",
                level.text,
            )
        )
        parts.append(Text(""))
    parts.append(Text("Model answer", style="bold underline"))
    parts.append(render_markdown(question.answer))
    return Group(*parts)


def mark_line(question: SubQuestion, mark: tuple[int, int] | None) -> Text:
    """What the student can do, or did, to mark themself on this question."""
    numbers = [level.level for level in question.levels]
    keys = f"{min(numbers)}-{max(numbers)}" if len(numbers) > 1 else str(numbers[0])
    if mark is None:
        return Text.assemble(
            ("Mark yourself: ", "bold"), f"press {keys} for the level your answer reaches."
        )
    number, marks = mark
    level = casework.level_of(question, number)
    text = Text.assemble(
        ("Your mark: ", "bold"), (f"Level {number}, {marks}/{question.marks}", "histtui.done"), " "
    )
    if level is not None and level.low < level.high:
        lower = marks - 1 if marks > level.low else level.high
        text.append(
            f"  (level {number} is {level.low}-{level.high}: press {number} again for {lower})",
            style="dim",
        )
    return text


def profile_text(progress: Progress, guide: Guide) -> Text:
    """ "Skill profile: inference 4/5 (80%) · ..." over every marked question."""
    profile = casework.skill_profile(guide, progress)
    if not profile:
        return Text("Skill profile: mark yourself on a question to start one.", style="dim")
    text = Text("Skill profile: ", style="bold")
    for index, line in enumerate(profile):
        if index:
            text.append(" · ")
        text.append(f"{line.skill} {line.got}/{line.possible} ({line.percent}%)")
    return text


def list_row(progress: Progress, case_study: CaseStudy) -> RenderableType:
    """A case study's row: chapter number, title and chapter, best self-mark, last attempt."""
    best = casework.best_score(progress, case_study)
    when = casework.last_attempt(progress, case_study)
    row = Table.grid(expand=True, padding=(0, 1))
    row.add_column(width=3, justify="right")
    row.add_column(ratio=1)
    row.add_column(no_wrap=True, justify="right")
    row.add_row(
        f"{case_study.chapter.number}.",
        Text.assemble(
            (case_study.title, "bold"),
            "\n",
            (f"{case_study.chapter.title} · {plural(len(case_study.sources), 'source')}", "dim"),
        ),
        Text.assemble(
            f"Best {best.got}/{best.possible}" if best else ("Not attempted", "dim"),
            "\n",
            (f"Last {when:%d %b %Y}" if when else "", "dim"),
        ),
    )
    return row


# The list --------------------------------------------------------------------------------


def score_text(
    progress: Progress, guide: Guide, items: list[tuple[CaseStudy, SubQuestion]], drill: bool
) -> Text:
    """A finished case study's (or drill's) score and the skill profile; "" until then."""
    if drill:
        marked = sum(
            1
            for study, question in items
            if casework.latest_mark(progress, study, question) is not None
        )
        if marked < len(items):
            return Text("")
        return Text.assemble(
            (f"Drill done: all {len(items)} marked. ", "bold"), profile_text(progress, guide)
        )
    score = casework.score(progress, items[0][0])
    if not score.finished:
        return Text("")
    return Text.assemble(
        (f"Finished: {score.got}/{score.possible}. ", "histtui.done"),
        profile_text(progress, guide),
    )

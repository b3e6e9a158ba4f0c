"""Statistics (S): the heatmap of the last 26 weeks, streaks, retention, the forecast of
cards due, and each chapter weakest first (enter opens it).

Imported when first opened (see app.py, "Screens opened on demand").
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenTopic
from histtui.stats import ChapterStats, Statistics, statistics
from histtui.widgets.case_study_parts import profile_text
from histtui.widgets.charts import forecast_text, heatmap_text
from histtui.widgets.footer import KeyBar
from histtui.widgets.key_list import KeyList
from histtui.widgets.picture import Picture
from histtui.wording import percent, plural

COLUMNS = (3, 6, 5, 5, 5, 6, 7, 5)
"""Widths of the chapter table's columns after the title: number first."""


def figures(stats: Statistics) -> Text:
    """Streak, reviews a day and true retention, in a line or two."""
    retention = (
        f"{round(100 * stats.retention)}% of {plural(stats.retention_reviews, 'review')}"
        if stats.retention is not None
        else "no mature cards yet"
    )
    return Text.assemble(
        ("Streak ", "bold"),
        f"{plural(stats.current_streak, 'day')} (longest {stats.longest_streak})   ",
        ("Reviews a day ", "bold"),
        f"{stats.reviews_per_day:.1f} (30 days)   ",
        ("True retention ", "bold"),
        f"{retention} (mature cards, 30 days)",
    )


HEADINGS = ("Topics", "New", "Lrn", "Young", "Mature", "Recall", "Plans")


def chapter_row(row: ChapterStats | None, width: int) -> Text:
    """A chapter's line of the table (or, for None, the heading line), `width` cells wide:
    number, title (cut with "…"), topics done, cards by kind, recall now, plans.

    Plain Text in fixed columns: a rich Table per row cost most of the screen's paint.
    """
    title_width = max(8, width - sum(COLUMNS) - len(COLUMNS))
    line = Text(no_wrap=True, overflow="ellipsis")
    if row is None:
        line.append(f"{'#':<{COLUMNS[0]}} {'Chapter (weakest first)':<{title_width}.{title_width}}")
        for heading, size in zip(HEADINGS, COLUMNS[1:], strict=True):
            line.append(f" {heading:>{size}}")
        line.stylize("bold")
        return line
    title = row.chapter.title
    if len(title) > title_width:
        title = title[: title_width - 1] + "…"
    line.append(f"{row.chapter.number:<{COLUMNS[0]}}".replace(" ", ".", 1) + " ")
    line.append(f"{title:<{title_width}}")
    numbers = (
        f"{row.topics_done}/{row.topics_total}",
        str(row.new),
        str(row.learning),
        str(row.young),
        str(row.mature),
    )
    for value, size in zip(numbers, COLUMNS[1:6], strict=True):
        line.append(f" {value:>{size}}")
    recall = "—" if row.retrievability is None else f"{round(100 * row.retrievability)}%"
    style = "dim"
    if row.retrievability is not None:
        style = "histtui.done" if row.retrievability >= 0.9 else "histtui.mark"
        if row.retrievability < 0.7:
            style = "histtui.error"
    line.append(" ")
    line.append(f"{recall:>{COLUMNS[6]}}", style=style)
    line.append(f" {row.plans:>{COLUMNS[7]}}")
    return line


class StatisticsScreen(StudyScreen[None]):
    """The student's revision in pictures and figures."""

    AUTO_FOCUS = "#stats-chapters"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Statistics | None = None
        self.width_drawn = 0

    def compose(self) -> ComposeResult:
        session = self.session
        stats = self.stats = statistics(
            session.guide, session.progress, session.clock(), reviewer=session.reviewer
        )
        roomy = self.app.size.height >= 30
        self.set_class(roomy, "-roomy")
        done = sum(row.topics_done for row in stats.chapters)
        total = sum(row.topics_total for row in stats.chapters)
        with Vertical(id="stats"):
            yield Static(
                Text.assemble(
                    ("Statistics", "bold"),
                    f"   {percent(done, total)}% of topics done · "
                    f"{plural(stats.reviews_total, 'review')} in all",
                ),
                id="stats-title",
            )
            yield Static(figures(stats), id="stats-figures")
            yield Picture(heatmap_text(stats.heatmap), id="stats-heatmap")
            yield Picture(
                Text.assemble(
                    ("Cards due in the next 14 days", "bold"),
                    f"   {sum(stats.forecast)} in all",
                    # No empty bars when none are due: at 80x24 they took the table's rows.
                    "\n" if any(stats.forecast) else "",
                    forecast_text(stats.forecast, stats.today, 2 if roomy else 1)
                    if any(stats.forecast)
                    else "",
                ),
                id="stats-forecast",
            )
            if session.guide.case_studies:
                # The source-based paper's skills, from the student's self-marks.
                yield Static(profile_text(session.progress, session.guide), id="stats-skills")
            yield KeyList(*self.chapter_options(), id="stats-chapters")
        yield KeyBar()

    def row_width(self) -> int:
        """The width of the table's lines: the list's (at most 100), less its padding."""
        return min(100, self.app.size.width - 4) - 2

    def chapter_options(self) -> list[Option]:
        """The heading, then a line for each chapter, weakest first."""
        assert self.stats is not None
        width = self.width_drawn = self.row_width()
        return [
            Option(chapter_row(None, width), id="head", disabled=True),
            *(Option(chapter_row(row, width), id=row.chapter.id) for row in self.stats.chapters),
        ]

    def on_resize(self) -> None:
        """Draw the table again for the new width, keeping the highlighted chapter."""
        if self.stats is None or self.row_width() == self.width_drawn:
            return
        options = self.query_one("#stats-chapters", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self.chapter_options())
        options.highlighted = highlighted

    @on(OptionList.OptionSelected, "#stats-chapters")
    def open_chapter(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen chapter at its first unfinished topic."""
        progress = self.session.progress
        chapter = next((c for c in self.session.guide.chapters if c.id == event.option.id), None)
        if chapter is None or not chapter.topics:
            return
        topic = next(
            (t for t in chapter.topics if not progress.is_complete(t.id)), chapter.topics[0]
        )
        self.post_message(OpenTopic(topic))

    def action_back(self) -> None:
        """Back where the student was."""
        self.dismiss()

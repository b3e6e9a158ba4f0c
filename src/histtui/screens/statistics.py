"""Statistics (S): the heatmap of the last 26 weeks, streaks, retention, the forecast of
cards due, and each chapter weakest first (enter opens it).

Imported when first opened (see app.py, "Screens opened on demand").
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenTopic
from histtui.stats import ChapterStats, Statistics, statistics
from histtui.widgets.cached_render import CachedTable
from histtui.widgets.charts import forecast_text, heatmap_text
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


def chapter_table(row: ChapterStats | None) -> Table:
    """A chapter's row (or, for None, the header): topics, cards by kind, recall, plans."""
    table = Table.grid(expand=True, padding=(0, 1))
    # Left-justified: the list drops the leading spaces of a row (the header's too).
    table.add_column(width=COLUMNS[0])
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for width in COLUMNS[1:]:
        table.add_column(width=width, justify="right")
    if row is None:
        table.add_row(
            "#",
            "Chapter (weakest first)",
            "Topics",
            "New",
            "Lrn",
            "Young",
            "Mature",
            "Recall",
            "Plans",
            style="bold",
        )
        return table
    recall = "—" if row.retrievability is None else f"{round(100 * row.retrievability)}%"
    recall_style = (
        "dim"
        if row.retrievability is None
        else "red"
        if row.retrievability < 0.7
        else "yellow"
        if row.retrievability < 0.9
        else "green"
    )
    table.add_row(
        f"{row.chapter.number}.",
        Text(row.chapter.title),
        f"{row.topics_done}/{row.topics_total}",
        str(row.new),
        str(row.learning),
        str(row.young),
        str(row.mature),
        Text(recall, style=recall_style, justify="right"),
        str(row.plans),
    )
    return table


class StatisticsScreen(StudyScreen[None]):
    """The student's revision in pictures and figures."""

    AUTO_FOCUS = "#stats-chapters"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Statistics | None = None

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
            yield Static(heatmap_text(stats.heatmap), id="stats-heatmap")
            yield Static(
                Text.assemble(
                    ("Cards due in the next 14 days", "bold"),
                    f"   {sum(stats.forecast)} in all",
                    "\n",
                    forecast_text(stats.forecast, stats.today, 2 if roomy else 1),
                ),
                id="stats-forecast",
            )
            yield OptionList(
                Option(CachedTable(chapter_table(None)), id="head", disabled=True),
                *(
                    Option(CachedTable(chapter_table(row)), id=row.chapter.id)
                    for row in stats.chapters
                ),
                id="stats-chapters",
            )
        yield Footer()

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

"""A chapter's row on the Smart Guide, drawn as one line without laying out a Table.

It is a Textual Visual, so the chapter list (an OptionList) takes its line as it is: a rich
renderable would be measured and drawn through Textual's RichVisual, a console render and
a split into lines for every row, before the first frame and at every redraw."""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.progress_bar import ProgressBar
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.table import Table
from rich.text import Text
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from histtui.wording import percent, plural

FIXED = 3 + 9 + 10 + 4 + 4
"""Columns of a row that are not the title: number, "N Topics", bar, percent, and the four
spaces between them."""


class ChapterRow(Visual):
    """ "3.  Hitler's Germany      12 Topics ━━━━━━╺━━━  58%", as wide as it is offered.

    It draws what `table()` would (a grid with the title's column taking the rest of the
    width, cut with "…"), and falls back to the Table when the title would have fewer
    than eight columns. Laying out a Table per row was most of the cost of painting the
    overview at start-up (Textual renders each option to measure it, then to paint it).
    """

    def __init__(
        self, number: int, title: str, total: int, done: int, console: Console | None = None
    ) -> None:
        self.console = console
        """The console it is drawn with as a Visual (the app's: its theme colours the bar)."""
        self.number = number
        self.title = title
        self.total = total
        self.done = done
        self._drawn: dict[tuple[int, Console], list[Segment]] = {}
        """The row drawn at each width (and console)."""
        self._strips: dict[tuple[int, RichStyle], list[Strip]] = {}
        """The row as a Visual, at each width and in each style (highlighted or not)."""

    def table(self) -> Table:
        """The row as a rich Table grid (what this draws, and draws itself when narrow)."""
        row = Table.grid(expand=True, padding=(0, 1))
        row.add_column(width=3, justify="right")
        row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        row.add_column(width=9, justify="right")
        row.add_column(width=10)
        row.add_column(width=4, justify="right")
        row.add_row(*self.cells())
        return row

    def cells(self) -> tuple[str, Text, Text, ProgressBar, str]:
        return (
            f"{self.number}.",
            Text(self.title),
            Text(plural(self.total, "Topic"), style="dim"),
            ProgressBar(total=self.total, completed=self.done, width=10),
            f"{percent(self.done, self.total)}%",
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.drawn(console, options)

    def drawn(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        """The row's segments, drawn once for each width and console."""
        key = (options.max_width, console)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = list(self._draw(console, options))
        return drawn

    def _draw(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        if width - FIXED < 8:
            yield from console.render(self.table(), options)
            return
        number, title, topics, bar, share = self.cells()
        title.truncate(width - FIXED, overflow="ellipsis", pad=True)
        topics.align("right", 9)
        line = Text.assemble(number.rjust(3), " ", title, " ", topics, " ")
        yield from line.render(console)
        yield from console.render(bar, options.update(width=10))
        yield Segment(" " + share.rjust(4))
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())

    # As a Textual Visual (what the chapter list draws) ----------------------------------

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The row in `style` (the list's, for a highlighted row or not), as RichVisual
        would draw the rich renderable: each segment's style over the list's."""
        base = style.rich_style
        strips = self._strips.get((width, base))
        if strips is None:
            segments = self.segments(width)
            if base:
                segments = [Segment(text, base + own, None) for text, own, _ in segments]
            strips = [
                Strip(line)
                for line in Segment.split_and_crop_lines(
                    segments, width, include_new_lines=False, pad=False
                )
            ]
            self._strips[width, base] = strips
        return strips

    def segments(self, width: int) -> list[Segment]:
        """The row drawn `width` columns wide on its console."""
        console = self.console or Console()
        return self.drawn(console, console.options.update(width=width))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return FIXED + cell_len(self.title)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if width - FIXED >= 8:
            return 1
        return len(list(Segment.split_lines(self.segments(width))))

"""A statistics source that stays a table in a narrow pane.

A guide writes a table as text with its columns lined up by spaces. Where that fits the
pane it is shown as written. Where it does not (the case-study source pane is about 36
columns at 100), wrapping each line would tear the columns apart, so the columns are found
(the runs of two or more spaces every row shares) and laid out again as a table whose
cells wrap within their own column. Lines without such a run (a heading, a note) wrap as
text of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

GUTTER = re.compile(r"\S\s{2,}\S")
"""A line with this is a row of a table (two or more spaces between two pieces of text)."""
SPACES = re.compile(r"\s{2,}")


def columns(rows: list[str]) -> list[tuple[int, int]]:
    """The (start, end) of each column of `rows`: what lies between runs of two or more
    positions that are a space in every row."""
    width = max(len(row) for row in rows)
    space = [all(i >= len(row) or row[i] == " " for row in rows) for i in range(width)]
    spans: list[tuple[int, int]] = []
    start: int | None = None
    i = 0
    while i < width:
        if not space[i]:
            start = i if start is None else start
            i += 1
            continue
        run = i
        while run < width and space[run]:
            run += 1
        if start is not None and (run - i >= 2 or run == width):
            spans.append((start, i))
            start = None
        i = run
    if start is not None:
        spans.append((start, width))
    return spans


def cells_of(rows: list[str]) -> list[list[str]]:
    """The cells of each row: split at runs of spaces where every row has as many cells
    (a number a column or two out of line stays in its column), else at the columns the
    rows share (a header cell left empty, a header over two lines)."""
    split = [SPACES.split(row.strip()) for row in rows]
    if len({len(cells) for cells in split}) == 1:
        return split
    spans = columns(rows)
    return [[row[start:end].strip() for start, end in spans] for row in rows]


def table_of(rows: list[str]) -> Table:
    """Rows lined up by spaces, as a Rich table whose cells wrap in their column."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), pad_edge=False)
    cells = cells_of(rows)
    for _ in cells[0]:
        table.add_column(overflow="fold")
    for row in cells:
        table.add_row(*row)
    return table


def pieces(lines: list[str]) -> Iterator[RenderableType]:
    """Runs of table rows as tables, other lines (headings, notes, blank lines) as text."""
    rows: list[str] = []
    for line in lines:
        if GUTTER.search(line.strip()):
            rows.append(line)
            continue
        if rows:
            yield table_of(rows)
            rows = []
        yield Text(line.strip())
    if rows:
        yield table_of(rows)


class StatisticsTable:
    """A table written as text: as written where it fits, its columns laid out again to the
    width where it does not."""

    def __init__(self, text: str) -> None:
        self.lines = text.strip("\n").splitlines()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if all(cell_len(line) <= options.max_width for line in self.lines):
            yield Text("\n".join(self.lines), no_wrap=True)
            return
        yield from pieces(self.lines)

"""CachedTable: the overview's chapter rows, rendered once per width, exactly as the Table."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from rich.console import Console
from rich.measure import Measurement
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from histtui.widgets.cached_render import CachedTable


def chapter_table(title: str, total: int, done: int) -> Table:
    table = Table.grid(expand=True, padding=(0, 1))
    table.add_column(width=3, justify="right")
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(width=9, justify="right")
    table.add_column(width=10)
    table.add_column(width=4, justify="right")
    table.add_row(
        "3.",
        Text(title),
        Text(f"{total} Topics", style="dim"),
        ProgressBar(total=total, completed=done, width=10),
        f"{done * 100 // total}%",
    )
    return table


@pytest.mark.parametrize("width", [12, 30, 31, 44, 80, 120])
@pytest.mark.parametrize("title", ["Hitler's Germany", "日本の敗北 and a very long title indeed"])
def test_it_renders_and_measures_as_the_table_does(width, title):
    console = Console(width=200, color_system="truecolor", force_terminal=True)
    options = console.options.update(width=width, highlight=False)
    cached = CachedTable(chapter_table(title, 27, 5))
    for _ in range(2):
        assert list(console.render(cached, options)) == list(
            console.render(chapter_table(title, 27, 5), options)
        )
        assert Measurement.get(console, options, cached) == Measurement.get(
            console, options, chapter_table(title, 27, 5)
        )


def test_the_table_is_rendered_once_per_width_whatever_the_height():
    console = Console(width=200)
    cached = CachedTable(chapter_table("Stalin's Soviet Union", 12, 12))
    real = Table.__rich_console__
    with patch.object(Table, "__rich_console__", autospec=True, side_effect=real) as render:
        for height in (None, 1, 5, None):
            list(console.render(cached, console.options.update(width=60, height=height)))
        assert render.call_count == 1
        list(console.render(cached, console.options.update(width=61)))
        assert render.call_count == 2

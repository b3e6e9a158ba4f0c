"""The statistics' pictures as rich Text: a calendar heatmap and forecast bars.

Intensity is carried by the characters (· ░ ▒ ▓ █) as well as by colour, so the pictures
read in 16 colours and with NO_COLOR. Used by the statistics screen and the Smart Guide.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from histtui.scheduling import DueCounts
from histtui.stats import SHADES, Heatmap

LEVEL_STYLES = ("dim", "green", "green", "bright_green", "bold bright_green")
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
BARS = " ▁▂▃▄▅▆▇█"
KIND_STYLES = {"new": "histtui.new", "learning": "histtui.error", "review": "histtui.done"}
"""Anki's colours for its three counts (the words say the same without colour)."""


def heatmap_text(grid: Heatmap, weeks: int | None = None, labels: bool = True) -> Text:
    """The last `weeks` (default all) columns of the calendar: month names above, a row
    per weekday, a cell of two characters per day; with `labels`, weekday names on the
    left and the legend on the right."""
    weeks = min(weeks or grid.weeks, grid.weeks)
    first = grid.weeks - weeks
    gutter = 4 if labels else 0
    months = [" "] * (gutter + 2 * weeks)
    placed: list[tuple[int, str]] = []
    for week, name in grid.month_starts():
        column = gutter + 2 * (week - first)
        if week < first or column + len(name) > len(months):
            continue
        if placed and column <= placed[-1][0] + len(placed[-1][1]):
            # Too close to the label before (the first column's month): the month that
            # begins here wins.
            before, label = placed.pop()
            months[before : before + len(label)] = " " * len(label)
        months[column : column + len(name)] = name
        placed.append((column, name))
    text = Text("".join(months).rstrip(), style="dim")
    key = legend_rows() if labels else []
    for weekday in range(7):
        text.append("\n")
        if labels:
            text.append(f"{DAY_LABELS[weekday]:<4}", style="dim")
        for week in range(first, grid.weeks):
            level = grid.level(grid.day(week, weekday))
            if level is None:
                text.append("  ")
            else:
                text.append(SHADES[level] * 2, style=LEVEL_STYLES[level])
        if weekday < len(key):
            text.append("  ")
            text.append_text(key[weekday])
    return text


def legend_rows() -> list[Text]:
    """The heatmap's legend, a line a shade, most first."""
    rows = []
    for level in range(len(SHADES) - 1, -1, -1):
        row = Text.assemble((SHADES[level] * 2, LEVEL_STYLES[level]))
        if level == len(SHADES) - 1:
            row.append(" most", style="dim")
        elif level == 0:
            row.append(" none", style="dim")
        rows.append(row)
    return rows


def legend(indent: int = 0) -> Text:
    """ "Less · ░ ▒ ▓ █ More" in the heatmap's characters and colours."""
    text = Text(" " * indent + "Less ", style="dim")
    for level, shade in enumerate(SHADES):
        text.append(shade * 2, style=LEVEL_STYLES[level])
        text.append(" ")
    text.append("More", style="dim")
    return text


def forecast_text(counts: list[int], today: dt.date, height: int = 3) -> Text:
    """Bars of cards due on each coming day, `height` lines tall (in eighths of a line),
    each day's number above its bar and its date below."""
    peak = max(counts, default=0)
    text = Text()
    text.append("".join(f"{n:>3} " if n else "    " for n in counts).rstrip(), style="dim")
    for row in range(height, 0, -1):
        text.append("\n")
        for count in counts:
            eighths = round(8 * height * count / peak) if peak else 0
            if count and eighths == 0:
                eighths = 1
            part = max(0, min(8, eighths - 8 * (row - 1)))
            text.append(f" {BARS[part] * 2} ", style="bold cyan" if part else "")
    text.append("\n")
    for index in range(len(counts)):
        day = today + dt.timedelta(days=index)
        text.append(f"{day.day:>3} ", style="bold underline" if index == 0 else "dim")
    return text


def counts_text(counts: DueCounts, current: str | None = None) -> Text:
    """ "3 new · 1 learning · 12 review", the current card's kind underlined (as Anki)."""
    parts: list[Text] = []
    for kind, number in (
        ("new", counts.new),
        ("learning", counts.learning),
        ("review", counts.review),
    ):
        part = Text.assemble((str(number), KIND_STYLES[kind]), f" {kind}")
        if kind == current:  # a span of its own: "histtui.new underline" is no style name
            part.stylize("underline", 0, len(str(number)))
        parts.append(part)
    return Text(" · ").join(parts)

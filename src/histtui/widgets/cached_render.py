"""A rich Table that is measured and rendered once for each width it is shown at."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table

# A Table renders with height=None whatever height it is offered (Table.__rich_console__),
# so the height is left out of the key: Textual offers one height to measure and another
# to paint.
_FIELDS = [
    field.name
    for field in dataclasses.fields(ConsoleOptions)
    if field.name not in ("size", "height", "max_height")
]


def _key(options: ConsoleOptions) -> tuple[Any, ...]:
    """The settings of `options` a Table's output depends on."""
    return tuple(getattr(options, name) for name in _FIELDS)


class CachedTable:
    """A Table shown many times: rendered once for each set of options it is asked for.

    Textual's OptionList renders each option to measure its height, again to paint it, and
    again after a refresh; with one Table per chapter row that was the largest part of
    painting the overview (half a millisecond a row each time). The output is the Table's.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self._segments: dict[tuple[Any, ...], list[Segment]] = {}
        self._measurements: dict[tuple[Any, ...], Measurement] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = _key(options)
        segments = self._segments.get(key)
        if segments is None:
            segments = self._segments[key] = list(console.render(self.table, options))
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        key = _key(options)
        measurement = self._measurements.get(key)
        if measurement is None:
            measurement = Measurement.get(console, options, self.table)
            self._measurements[key] = measurement
        return measurement

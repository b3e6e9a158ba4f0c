"""A picture drawn in text (the heatmap, the forecast's bars), painted a line at a time.

A Static works out Textual's style for each span of its text separately; a heatmap has a
span for every day, and that was most of the time it took to paint the statistics screen.
A Picture works out each mix of styles once, and never wraps: a picture too wide for its
widget is cut at the edge rather than folded onto the next line.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TypeAlias

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

SpanStyle: TypeAlias = str | RichStyle


class Picture(Widget):
    """Lines of styled characters: `update` it with a rich Text of one or more lines."""

    def __init__(
        self, text: Text | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._mixes: dict[tuple[SpanStyle, ...], RichStyle] = {}
        self._base: Style | None = None
        if text is not None:
            self.update(text)

    @property
    def text(self) -> Text:
        """What the picture shows, its lines joined."""
        return Text("\n").join(self._lines)

    def update(self, text: Text) -> None:
        """Show `text` instead."""
        self._lines = list(text.split("\n", allow_blank=True))
        self._strips.clear()
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_len for line in self._lines), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        base = self.visual_style
        if base != self._base:  # a new theme, or the widget's own style changed
            self._base = base
            self._strips.clear()
            self._mixes.clear()
        strip = self._strips.get(y)
        if strip is None:
            if y >= len(self._lines):
                return Strip.blank(self.size.width, base.rich_style)
            strip = self._strips[y] = self._draw(self._lines[y], base)
        return strip

    def _draw(self, line: Text, base: Style) -> Strip:
        """A line's segments: each run of characters with the styles over it, in the order
        their spans begin (as Textual's Content renders them)."""
        plain = line.plain
        spans = [(span.start, span.end, span.style) for span in line.spans if span.end > span.start]
        under: tuple[SpanStyle, ...] = (line.style,) if line.style else ()
        edges = sorted({0, len(plain), *(edge for span in spans for edge in span[:2])})
        segments = []
        for start, end in pairwise(edges):
            over = tuple(style for first, last, style in spans if first <= start and end <= last)
            segments.append(Segment(plain[start:end], self._mix(base, under + over)))
        return Strip(segments, line.cell_len)

    def _mix(self, base: Style, styles: tuple[SpanStyle, ...]) -> RichStyle:
        """The widget's style with `styles` over it, as rich draws it (worked out once)."""
        mixed = self._mixes.get(styles)
        if mixed is None:
            get_style = self.app.console.get_style
            theme = self.app.ansi_theme
            combined = base
            for style in styles:
                rich = get_style(style) if isinstance(style, str) else style
                combined += Style.from_rich_style(rich, theme)
            mixed = self._mixes[styles] = combined.rich_style
        return mixed

"""The timeline's rows: an event's date, its text wrapped in a column, and its chapter.

A Visual of Textual's: each row's height is known without drawing it, and a row is laid out
only when it comes into view, so a guide of thousands of events lists at once.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from histtui.guide import Chapter
from histtui.timeline import Entry
from histtui.wording import chapter_label

DATE_WIDTH = 17
"""The widest date: "21 September 1950"."""

GAP = 2
"""Cells between the date, the text and the chapter."""

INDENT = 2
"""Cells that events stand in from their year."""


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Break text into lines of at most `width` cells at spaces, as (start, end) offsets."""
    if cell_len(text) <= width:
        return [(0, len(text))]
    narrow = cell_len(text) == len(text)
    lines: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while start < length:
        end = start
        cells = 0
        last_space = -1
        while end < length:
            cell = 1 if narrow else cell_len(text[end])
            if cells + cell > width:
                break
            if text[end] == " ":
                last_space = end
            cells += cell
            end += 1
        if end < length and last_space > start:
            end = last_space
        elif end == start:
            end = start + 1
        lines.append((start, end))
        start = end
        while start < length and text[start] == " ":
            start += 1
    return lines or [(0, 0)]


class EventRows:
    """How events are laid out at one width: date, text wrapped in its column, chapter."""

    def __init__(self, width: int, chapter_width: int) -> None:
        self.width = width
        self.chapter_width = chapter_width
        self.text_width = max(10, width - INDENT - DATE_WIDTH - chapter_width - 2 * GAP)
        self._plain: dict[int, EventRow] = {}
        self._lines: dict[int, list[tuple[int, int]]] = {}
        self._chapters: dict[str, Content] = {}

    def row(self, entry: Entry, words: list[str]) -> EventRow:
        """The row of an event, to mark the words of the filter in when it is drawn."""
        if words:
            return EventRow(self, entry, words)
        row = self._plain.get(entry.index)
        if row is None:
            row = self._plain[entry.index] = EventRow(self, entry, words)
        return row

    def lines(self, entry: Entry) -> list[tuple[int, int]]:
        """Where the event's text breaks into lines in its column."""
        lines = self._lines.get(entry.index)
        if lines is None:
            lines = self._lines[entry.index] = wrap(entry.event.text, self.text_width)
        return lines

    def chapter(self, chapter: Chapter) -> Content:
        """A chapter's label cut to its column."""
        label = self._chapters.get(chapter.id)
        if label is None:
            label = Content(chapter_label(chapter))
            label = label.truncate(self.chapter_width, ellipsis=True).stylize("dim")
            self._chapters[chapter.id] = label
        return label


class EventRow(Visual):
    """One event in the list: its height known at once, drawn only when it comes into view.

    A guide can have thousands of events; the list asks every row for its height but draws
    only the rows on screen, so the row's text is laid out as Content the first time it is
    drawn.
    """

    # Bold and underlined in the text colour: $text-accent is 3.3:1 in light, and a colour on
    # the cursor row reads poorly in 16 colours without colour (TERM=dumb).
    HIGHLIGHT = "$foreground bold underline not dim"

    def __init__(self, rows: EventRows, entry: Entry, words: list[str]) -> None:
        self.rows = rows
        self.entry = entry
        self.words = words
        self.lines = rows.lines(entry)
        self.others = entry.chapters[1:]
        """Other chapters telling of the event, each named on a line under it."""
        self._content: Content | None = None

    @property
    def content(self) -> Content:
        """The row laid out, built the first time it is asked for."""
        if self._content is None:
            self._content = self.build()
        return self._content

    def build(self) -> Content:
        """Lay the row out, marking the words of the filter in the event's text."""
        rows, entry = self.rows, self.entry
        text = entry.event.text
        spans = entry.spans(self.words) if self.words else []
        lines = []
        for number, (start, end) in enumerate(self.lines):
            line = Content(text[start:end])
            for span_start, span_end in spans:
                if span_start < end and span_end > start:
                    line = line.stylize(
                        self.HIGHLIGHT, max(span_start, start) - start, min(span_end, end) - start
                    )
            others = self.others
            if number == 0:
                lines.append(
                    Content.assemble(
                        " " * INDENT,
                        (entry.date.ljust(DATE_WIDTH + GAP), "bold"),
                        line.pad_right(rows.text_width - line.cell_length + GAP),
                        rows.chapter(entry.chapter),
                    )
                )
            else:
                # Spaces leading a run are lost in SVG screenshots (rsvg): the indent is a
                # run of its own. Other chapters telling of the event go beside the text.
                other = rows.chapter(others[number - 1]) if number <= len(others) else ""
                lines.append(
                    Content.assemble(
                        (" " * (INDENT + DATE_WIDTH + GAP), "dim"),
                        line.pad_right(rows.text_width - line.cell_length + GAP) if other else line,
                        other,
                    )
                )
        for chapter in self.others[len(self.lines) - 1 :]:
            lines.append(
                Content.assemble(
                    (" " * (INDENT + DATE_WIDTH + GAP + rows.text_width + GAP), "dim"),
                    rows.chapter(chapter),
                )
            )
        return Content("\n").join(lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """Draw the row."""
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the rows were laid out."""
        return self.rows.width

    def get_height(self, rules: RulesMap, width: int) -> int:
        """One line for each line of the event's text, known without drawing the row."""
        if width >= self.rows.width:
            return max(len(self.lines), 1 + len(self.others))
        return self.content.get_height(rules, width)

"""A topic's notes and the links under them: lines rendered once per width, then painted.

Kept apart from the pane (topic_view.py) that lays them out: these are what `n` shows,
rendered before it is pressed (TopicView.prepare_next).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from histtui.guide import Topic, split_figures


def render_body(body: str) -> RenderableType:
    """A topic's Markdown body, with each figure as a captioned box."""
    # Imported here: compiling its patterns takes 2 ms, and the overview draws no notes.
    from histtui.widgets.notes_markdown import render_markdown

    parts: list[RenderableType] = []
    for kind, text in split_figures(body):
        if kind == "figure":
            # One line: a box took 3-5 lines of an 80x24 screen for a picture it cannot show.
            parts.append(
                Text.assemble(
                    ("▣ Figure: ", "bold"),
                    (text or "(no caption)", "italic"),
                    no_wrap=True,
                    overflow="ellipsis",
                    end="\n",
                )
            )
        else:
            parts.append(render_markdown(text))
    return Group(*parts)


class RenderedBody:
    """A rich renderable and its lines, rendered at most once per width and style."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[tuple[int, object], list[Strip]] = {}

    def lines(self, widget: Widget, width: int) -> list[Strip]:
        """Every line of the renderable, as `widget` would paint it `width` cells wide."""
        style = widget.visual_style
        key = (width, style)
        lines = self._lines.get(key)
        if lines is None:
            app = widget.app
            options = app.console_options.update(highlight=False, width=width)
            segments = app.console.render(
                widget.post_render(self.renderable, style.rich_style), options
            )
            lines = [
                Strip(line)
                for line in Segment.split_and_crop_lines(
                    segments, width, include_new_lines=False, pad=False
                )
            ]
            if len(self._lines) >= 2:
                # Two widths at most: with and without the scrollbar.
                self._lines.clear()
            self._lines[key] = lines
        return lines


class Page(NamedTuple):
    """A topic's notes and the links under them, each rendered at most once per width."""

    body: RenderedBody
    nav: RenderedBody


def nav_links(previous: Topic | None, following: Topic | None) -> Text:
    """The links under a topic's notes: previous, next, back; each clicks as its key does.

    Part of the rendered page, like the notes: drawn with them, not laid out as widgets
    of their own at every `n`.
    """
    links = [
        Text.assemble((key, "bold"), other.title, style=Style.from_meta({"@click": action}))
        for key, other, action in (
            ("p ‹ Previous: ", previous, "screen.previous_topic"),
            ("n › Next: ", following, "screen.next_topic"),
        )
        if other is not None
    ]
    links.append(
        Text("o  Back to Smart Guide", Style(bold=True, meta={"@click": "screen.overview"}))
    )
    return Text("\n").join(links)


class TopicBody(Widget):
    """A topic's notes (or its links), rendered once per width, painted a line at a time.

    A Static renders its renderable in full to measure it, again to paint it and again
    after each refresh; for a 3,000-word topic that was most of the cost of pressing `n`.
    This one asks a RenderedBody for its lines (rendered once, perhaps in advance) and
    hands Textual only the lines it paints. It looks the same as a Static would.
    """

    DEFAULT_CSS = """
    TopicBody {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = RenderedBody(Text())

    def update(self, body: RenderedBody) -> None:
        """Show another body."""
        self.body = body
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.body.lines(self, width)) if width else 0

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self.body.lines(self, width)
        return lines[y] if y < len(lines) else Strip.blank(width, self.visual_style.rich_style)

"""The topic pane's scrollbar: Textual's look, repainting only the cells that change."""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from textual import events
from textual.geometry import Offset, Region
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget


def is_reversed(cell: Segment) -> bool:
    """Whether a cell of the bar is drawn reversed (the thumb's body)."""
    return bool(cell.style and cell.style.reverse)


class PageScrollbar(Widget):
    """A vertical scrollbar for the page beside it, drawn as Textual draws its own.

    Textual's scrollbar repaints all of its cells whenever the page's length changes,
    which is at every `n`: on a pty that was about 1 ms of the 16.7 a frame allows
    (docs/performance.md). This one works its cells out with Textual's ScrollBarRender
    and asks for a repaint of only the cells that differ (the thumb's ends, mostly). The
    page has no scrollbar of its own (`scrollbar-size-vertical: 0` keeps it scrollable).

    As Textual's: a click above or below the thumb pages up or down, the thumb can be
    dragged, the wheel scrolls the page, and it is hidden when the page fits.
    """

    ALLOW_SELECT = False

    def __init__(self, page: Widget, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.page = page
        self.cells: list[Segment] = []
        self.mouse_over = False
        self.grabbed: Offset | None = None
        """Where the mouse took hold of the thumb, while it drags it."""
        self.grabbed_scroll = 0.0

    def on_mount(self) -> None:
        for name in ("virtual_size", "scroll_y", "show_vertical_scrollbar"):
            self.watch(self.page, name, self.follow, init=False)
        self.follow()

    def on_resize(self) -> None:
        self.follow()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.recolour()  # a new theme: new colours for every cell

    def colours(self) -> tuple[Color, Color]:
        """The track's and the thumb's colours, as Textual's scrollbar would have them."""
        styles = self.styles
        if self.grabbed:
            background, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self.mouse_over:
            background, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            background, color = styles.scrollbar_background, styles.scrollbar_color
        if background.a < 1:
            base, _ = self.background_colors
            background = base + background
        return background.rich_color, (background + color).rich_color

    def follow(self) -> None:
        """Show where the page is now, repainting the cells that changed."""
        page = self.page
        self.set_class(not page.show_vertical_scrollbar, "-unneeded")
        height = self.size.height
        if not height:
            return
        track, thumb = self.colours()
        virtual = page.virtual_size.height
        window = page.container_size.height
        bar = ScrollBarRender.render_bar(
            size=height,
            virtual_size=virtual,
            window_size=window if window < virtual else 0,
            position=int(page.scroll_y * 8) / 8,  # as Textual rounds it
            back_color=track,
            bar_color=thumb,
        )
        # The same cells without Textual's mouse actions (this widget handles the mouse).
        cells = [
            Segment(cell.text, cell.style.clear_meta_and_links() if cell.style else None)
            for cell in bar.segments
        ]
        old, self.cells = self.cells, cells
        if len(old) != len(cells):
            self.refresh()
            return
        for y, (before, after) in enumerate(zip(old, cells, strict=True)):
            if before != after:
                self.refresh(Region(0, y, 1, 1))

    @property
    def thumb(self) -> tuple[int, int]:
        """The rows the thumb covers, from and to (exclusive), as drawn."""
        rows = [y for y, cell in enumerate(self.cells) if cell.text != " " or is_reversed(cell)]
        return (rows[0], rows[-1] + 1) if rows else (0, 0)

    def render_line(self, y: int) -> Strip:
        if y < len(self.cells):
            return Strip([self.cells[y]], 1)
        return Strip.blank(self.size.width)

    # The mouse, as on Textual's scrollbar --------------------------------------------------

    def on_enter(self) -> None:
        self.mouse_over = True
        self.recolour()

    def on_leave(self) -> None:
        self.mouse_over = False
        self.recolour()

    def recolour(self) -> None:
        """Draw every cell again (new colours: hover, drag, theme)."""
        self.cells = []
        self.follow()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        top, end = self.thumb
        if event.y < top:
            self.page.scroll_page_up()
        elif event.y >= end:
            self.page.scroll_page_down()
        else:
            self.grabbed = event.screen_offset
            self.grabbed_scroll = self.page.scroll_y
            self.capture_mouse()
            self.recolour()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        window = self.page.container_size.height
        if self.grabbed is not None and window:
            moved = event.screen_offset.y - self.grabbed.y
            ratio = self.page.virtual_size.height / window
            self.page.scroll_to(y=self.grabbed_scroll + moved * ratio, animate=False)
            event.stop()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self.grabbed is not None:
            self.grabbed = None
            self.release_mouse()
            self.recolour()
        event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.page.scroll_relative(y=self.app.scroll_sensitivity_y, animate=False)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.page.scroll_relative(y=-self.app.scroll_sensitivity_y, animate=False)
        event.stop()

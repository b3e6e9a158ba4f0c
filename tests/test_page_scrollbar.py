"""The topic pane's scrollbar: where the page is, the mouse on it, and what `n` repaints."""

from __future__ import annotations

import pytest
from textual.events import MouseScrollDown
from textual.geometry import Region

from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from histtui.widgets.page_scrollbar import PageScrollbar
from histtui.widgets.topic_view import TopicView
from tests.test_student_screens import wait_for

SIZE = (100, 30)
PARTS = "▁▂▃▄▅▆▇"


def bar(app) -> str:
    """The scrollbar as drawn on screen, a row a character: "#" for the thumb, its
    eighths as drawn, "." for the track."""
    scrollbar = app.screen.query_one(PageScrollbar)
    rows = []
    for line in scrollbar.render_lines(Region(0, 0, *scrollbar.outer_size)):
        (cell,) = [segment for segment in line if segment.text]
        reverse = bool(cell.style and cell.style.reverse)
        rows.append("#" if reverse else cell.text if cell.text in PARTS else ".")
    return "".join(rows)


def thumb(app) -> tuple[int, int]:
    """The rows the thumb covers (from, to), partly covered ones included."""
    drawn = bar(app)
    rows = [y for y, cell in enumerate(drawn) if cell != "."]
    return rows[0], rows[-1] + 1


@pytest.fixture
def bundled_app(make_app):
    return lambda: make_app(load_guide(bundled_guide()))


async def open_first_topic(pilot) -> tuple[TopicView, PageScrollbar]:
    """Open the first topic from the Smart Guide: its pane and scrollbar."""
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    return screen.query_one(TopicView), screen.query_one(PageScrollbar)


async def test_the_scrollbar_shows_where_in_the_topic_the_student_is(bundled_app):
    app = bundled_app()
    async with app.run_test(size=SIZE) as pilot:
        pane, scrollbar = await open_first_topic(pilot)
        assert scrollbar.region.right == SIZE[0], "at the right edge, beside the topic"
        assert scrollbar.region.height == pane.region.height
        height = scrollbar.region.height
        top, end = thumb(app)
        assert top == 0, bar(app)
        shown = pane.container_size.height / pane.virtual_size.height
        assert abs((end - top) - shown * height) <= 2, (bar(app), shown)
        await pilot.press("end")
        await wait_for(pilot, lambda: thumb(app)[1] == height)
        await pilot.press("home")
        await wait_for(pilot, lambda: thumb(app)[0] == 0)
        for _ in range(3):
            await pilot.press("n")
        await pilot.press("space")
        await pilot.pause()
        # Part-way down: the thumb is neither at the top nor at the foot.
        top, end = thumb(app)
        assert top > 0 and end < height, bar(app)


async def test_there_is_no_scrollbar_when_the_topic_fits(make_app):
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        pane, scrollbar = await open_first_topic(pilot)
        assert pane.virtual_size.height <= pane.container_size.height, "the topic fits"
        assert not scrollbar.display
        assert pane.region.right == 120, "the topic has the width"


async def test_the_mouse_pages_drags_and_wheels_the_topic(bundled_app):
    app = bundled_app()
    async with app.run_test(size=SIZE) as pilot:
        pane, scrollbar = await open_first_topic(pilot)
        height = scrollbar.region.height
        # A click on the track below the thumb: a page down, as Textual's scrollbar does.
        await pilot.click(PageScrollbar, offset=(0, height - 1))
        await wait_for(pilot, lambda: pane.scroll_y >= pane.container_size.height - 2)
        page_down = pane.scroll_y
        await pilot.click(PageScrollbar, offset=(0, 0))  # above it: a page up
        await wait_for(pilot, lambda: pane.scroll_y == 0)
        # Dragging the thumb down three rows scrolls the topic as far as three rows of it.
        top, _ = thumb(app)
        await pilot.mouse_down(PageScrollbar, offset=(0, top))
        await pilot.hover(PageScrollbar, offset=(0, top + 3))
        await pilot.mouse_up(PageScrollbar, offset=(0, top + 3))
        expected = 3 * pane.virtual_size.height / pane.container_size.height
        await wait_for(pilot, lambda: abs(pane.scroll_y - expected) <= 1)
        assert pane.scroll_y < page_down
        # The wheel over the scrollbar scrolls the topic.
        before = pane.scroll_y
        x, y = scrollbar.region.x, scrollbar.region.y + 3
        app.post_message(MouseScrollDown(None, x, y, 0, 1, 0, False, False, False, x, y))
        await wait_for(pilot, lambda: pane.scroll_y > before)


async def test_n_repaints_only_the_scrollbar_cells_that_change(bundled_app, monkeypatch):
    """Textual's scrollbar repainted every cell at each `n` (the topic's length changes):
    1-2 ms of the frame. The thumb of the next topic is drawn as a full repaint would."""
    app = bundled_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        scrollbar = app.screen.query_one(PageScrollbar)
        height = scrollbar.region.height
        painted: list[int] = []
        render_line = PageScrollbar.render_line

        def noting(self: PageScrollbar, y: int):
            painted.append(y)
            return render_line(self, y)

        monkeypatch.setattr(PageScrollbar, "render_line", noting)
        for _ in range(6):
            before = bar(app)
            painted.clear()
            await pilot.press("n")
            await pilot.pause()
            assert len(painted) < height // 2, (before, bar(app), painted)
            drawn = bar(app)
            scrollbar.cells = []  # what a full repaint draws
            scrollbar.follow()
            await pilot.pause()
            assert bar(app) == drawn


async def test_the_scrollbar_takes_the_new_themes_colours(bundled_app):
    app = bundled_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_topic(pilot)

        def track_colours() -> set[str]:
            scrollbar = app.screen.query_one(PageScrollbar)
            lines = scrollbar.render_lines(Region(0, 0, *scrollbar.outer_size))
            cells = [next(iter(line)) for line in lines]
            track = [cell for cell in cells if cell.text == " " and not cell.style.reverse]
            return {str(cell.style.bgcolor) for cell in track}

        dark = track_colours()
        assert len(dark) == 1
        await pilot.press("d")
        await wait_for(pilot, lambda: track_colours() != dark)
        assert len(track_colours()) == 1, "every cell of the track in the new colour"

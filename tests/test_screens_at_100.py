"""What a student sees on the bundled guide, mostly at 100x30 (issue 13's look at every
screen), some at 80x24 and 120x40: nothing cut mid-word without "…", nothing wrapped out
of its line, footers that fit, lists that take j/k/g/G."""

from __future__ import annotations

import pytest

from histtui.guide import Guide
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from histtui.widgets.footer import KeyBar
from tests.conftest import footer_keys, wait_until

SIZE = (100, 30)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(bundled_guide())


def lines_of(app, selector: str) -> list[str]:
    """The lines a widget shows, as text."""
    widget = app.screen.query_one(selector)
    return [
        "".join(segment.text for segment in widget.render_line(y)).rstrip()
        for y in range(widget.size.height)
    ]


async def test_a_long_search_result_title_ends_in_an_ellipsis_not_a_wrapped_line(make_app, guide):
    app = make_app(guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"versailles")
        await wait_until(
            pilot, lambda: any("War Guilt" in line for line in lines_of(app, "#search-results"))
        )
        lines = lines_of(app, "#search-results")
        long = next(index for index, line in enumerate(lines) if "War Guilt" in line)
        assert lines[long].endswith("…"), lines[long]
        assert lines[long + 1].startswith("Military Terms"), lines[long + 1]  # its snippet


async def test_the_line_that_stays_keeps_topic_n_of_N_when_the_chapter_is_long(make_app, guide):
    app = make_app(guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: "topic" in lines_of(app, "#where")[0])
        await wait_until(pilot, lambda: "…" in lines_of(app, "#where")[0])
        line = lines_of(app, "#where")[0].strip()
        assert line.startswith("1. Impact of World War"), line
        assert line.endswith("… · topic 1/14 · chapter 0% done"), line


async def test_a_statistics_source_stays_a_table_in_the_narrow_source_pane(make_app, guide):
    app = make_app(guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "down", "enter", "tab", "d")  # Collectivisation, Source D
        await wait_until(pilot, lambda: "Statistics" in "".join(lines_of(app, "#cs-source-text")))
        lines = lines_of(app, "#cs-source-text")
        width = app.screen.query_one("#cs-source-text").size.width
        assert width < 60  # narrower than the table as written
        for year, published, estimate in (("1928", "73.3", "63"), ("1933", "89.8", "65")):
            row = next(line for line in lines if year in line)
            assert published in row and estimate in row, row  # a row stays a row
        assert all(len(line) <= width for line in lines)
        # The header's columns too: "Western historians' ‘low’ estimate" heads the third.
        western = next(line for line in lines if "Western" in line)
        low = next(line for line in lines if "‘low’" in line)
        assert "Year" in western and western.index("Western") == low.index("‘low’"), lines


def test_a_table_that_fits_is_shown_as_written():
    from rich.console import Console

    from histtui.widgets.statistics_table import StatisticsTable

    text = "Year    Troops\n1914    100,000\n1918    80,000"
    console = Console(width=40, color_system=None, record=True)
    console.print(StatisticsTable(text))
    assert console.export_text().splitlines() == text.splitlines()


@pytest.mark.parametrize(
    ("keys", "selector"),
    [(["a"], "#cs-list"), (["a", "d"], "#skills"), (["S"], "#stats-chapters")],
    ids=["case studies", "drill a skill", "statistics"],
)
async def test_every_list_takes_j_k_g_and_G(make_app, guide, keys, selector):
    """Bug 9: the lists a student moves through take the sidebar's keys too (the search
    results and the timeline take letters as typing, as bug 2 asks)."""
    from textual.widgets import OptionList

    app = make_app(guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await wait_until(pilot, lambda: bool(app.screen.query(selector)))
        options = app.screen.query_one(selector, OptionList)
        options.focus()
        await wait_until(pilot, lambda: options.highlighted is not None)
        first = options.highlighted  # the statistics' first row is the table's header
        assert first is not None
        await pilot.press("j")
        await wait_until(pilot, lambda: options.highlighted == first + 1)
        await pilot.press("k")
        await wait_until(pilot, lambda: options.highlighted == first)
        await pilot.press("G")
        await wait_until(pilot, lambda: options.highlighted == options.option_count - 1)
        await pilot.press("g")
        await wait_until(pilot, lambda: options.highlighted == first)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=["80", "100", "120"])
async def test_a_long_title_keeps_its_star_and_ends_in_an_ellipsis(make_app, guide, size):
    """Bug 3 and "titles end in …": the star goes on the left, where it always shows."""
    from histtui.widgets.course_tree import CourseTree

    app = make_app(guide)
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash", *"november revolution")
        await wait_until(pilot, lambda: "1918" in "".join(lines_of(app, "#search-results")))
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: "November Revolution" in str(app.screen.query_one("#topic-title").content),
        )
        await pilot.press("b", *(["s"] if size[0] < 100 else []))  # s: the sidebar over the topic
        tree = app.screen.query_one(CourseTree)
        await wait_until(pilot, lambda: tree.region.width > 0)
        row = tree.render_line(tree.cursor_line - tree.scroll_offset.y).text.rstrip()
        assert "★" in row and row.index("★") < row.index("Germany in 1918"), row
        wide = app.screen.query_one(CourseTree).region.width
        if len("Germany in 1918 and the November Revolution") + row.index("Germany") > wide:
            assert row.endswith("…"), row


FOOTER_SCREENS = {
    "smart guide": [],
    "reader": ["enter"],
    "reader with hits": ["slash", *"versailles", "enter"],
    "search": ["slash", *"versailles"],
    "flashcards": ["R", "r", "space"],
    "timeline": ["t"],
    "exam practice": ["x"],
    "plan": ["x", "enter"],
    "case studies": ["a"],
    "case study": ["a", "enter", "tab"],
    "statistics": ["S"],
    "note": ["enter", "e"],
}


@pytest.mark.parametrize("keys", FOOTER_SCREENS.values(), ids=FOOTER_SCREENS.keys())
async def test_at_80_columns_every_footer_fits(make_app, guide, keys):
    """No key label runs off the edge or under the palette's key (the review and case-study
    screens' did): lower-priority labels leave first, their keys still work."""
    app = make_app(guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await wait_until(pilot, lambda: bool(app.screen.query(KeyBar)))
        await pilot.pause()
        keys = footer_keys(app)
        palette = keys.pop("ctrl+p", None)
        edge = palette[0] if palette else 80
        for key, (_first, end) in keys.items():
            assert end <= edge, (key, end, edge)


async def test_statistics_with_nothing_due_draws_no_empty_bars(make_app, guide):
    """At 80x24 three empty rows of bars and a row of dates took the chapters' rows."""
    app = make_app(guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("S")
        await wait_until(pilot, lambda: bool(app.screen.query("#stats-forecast")))
        lines = [line for line in lines_of(app, "#stats-forecast") if line.strip()]
        assert lines == ["Cards due in the next 14 days   0 in all"], lines


async def test_the_timeline_shows_an_event_told_twice_once_with_both_chapters(make_app, guide):
    """Versailles signed on 28 June 1919 is told in two chapters: one row names both."""
    app = make_app(guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"28 june 1919")
        await wait_until(
            pilot, lambda: "matching" in str(app.screen.query_one("#timeline-status").content)
        )
        lines = lines_of(app, "#timeline-events")
        signed = [line for line in lines if "28 June 1919" in line]
        assert len(signed) == 1, lines
        chapters = [line for line in lines if re_chapter(line)]
        assert len({re_chapter(line) for line in chapters}) >= 2, lines


def re_chapter(line: str) -> str:
    """The chapter a timeline row names ("1. Impact of…"), if any."""
    import re

    found = re.search(r"\b(\d+)\. [A-Z]", line)
    return found.group(1) if found else ""

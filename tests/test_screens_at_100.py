"""What a student sees on the bundled guide at 100x30 (issue 13's look at every screen):
nothing cut mid-word without "…", nothing wrapped out of its line."""

from __future__ import annotations

import pytest

from histtui.guide import Guide
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from tests.conftest import wait_until

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

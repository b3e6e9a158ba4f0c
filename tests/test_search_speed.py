"""What makes the search screen fast keeps it right: rows kept for results found before."""

from __future__ import annotations

from textual.widgets import OptionList

from histtui.screens.search import SearchScreen
from tests.conftest import plain, shown

SIZE = (100, 30)


def rows(screen: SearchScreen) -> list[str]:
    options = screen.query_one("#search-results", OptionList)
    return [plain(option.prompt) for option in options.options]


async def test_a_query_deleted_back_to_shows_the_same_rows_again(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tre")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        options = screen.query_one("#search-results", OptionList)
        before, shown_before = list(options.options), rows(screen)
        count = shown(app, "#search-count")
        await pilot.press(*"aty", "backspace", "backspace", "backspace")
        assert screen.query_text == "tre"
        # The very rows shown before, reading the same, the best one highlighted.
        assert list(options.options) == before
        assert rows(screen) == shown_before
        assert shown(app, "#search-count") == count
        assert options.highlighted == 0
        await pilot.press("backspace", "backspace", "backspace")
        assert options.option_count == 0
        assert shown(app, "#search-count") == ""

"""A long revision session: opening and closing screens again and again must not keep the
closed screens' widgets alive (each one holds its rendered lines and caches)."""

from __future__ import annotations

import gc

from textual.widget import Widget

from histtui.screens.overview import OverviewScreen

SIZE = (100, 30)


def live_widgets() -> int:
    """How many widgets are still alive once the cycle collector has run."""
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Widget))


async def test_closed_screens_leave_no_widgets_behind(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:

        async def round_trip() -> None:
            for key in ("S", "/", "?"):
                await pilot.press(key)
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)

        await round_trip()
        after_one = live_widgets()
        for _ in range(3):
            await round_trip()
        assert live_widgets() <= after_one, "widgets of closed screens are still alive"


async def test_closed_screens_leave_no_style_caches_behind(make_app):
    # Textual's StylesCache.get_inner_outer is an lru_cache on a method, which keeps every
    # widget's style cache (and the lines it drew) alive (Textualize/textual#6665).
    from textual._styles_cache import StylesCache

    def live_caches() -> int:
        gc.collect()
        return sum(1 for thing in gc.get_objects() if isinstance(thing, StylesCache))

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("S")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        after_one = live_caches()
        for _ in range(4):
            await pilot.press("S")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        assert live_caches() <= after_one

"""The keys line at the foot of every screen: what it draws, and the mouse on it."""

from __future__ import annotations

from histtui.screens.help import HelpScreen
from histtui.widgets.footer import KeyBar
from tests.conftest import footer_keys, footer_text, wait_until


def style_at(bar: KeyBar, x: int) -> object:
    """The style of the cell `x` of the bar's line, as painted now."""
    column = 0
    for segment in bar.draw(bar.labels()):
        column += len(segment.text)
        if x < column:
            return segment.style
    raise AssertionError(f"nothing drawn at column {x}")


async def test_the_smart_guide_footer_reads_as_textual_footer_did(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        text = footer_text(app)
        assert text.startswith(" x Exam practice  q Quit  ? Help ")
        assert text.endswith("▏^p palette ")
        assert len(text) == 80


async def test_a_click_on_a_key_presses_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first, _end = footer_keys(app)["question_mark"]
        await pilot.click(KeyBar, offset=(first + 1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_the_key_under_the_mouse_is_lit(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        first, _end = footer_keys(app)["q"]
        other, _end = footer_keys(app)["x"]
        before, other_before = style_at(bar, first), style_at(bar, other)
        await pilot.hover(KeyBar, offset=(first, 0))
        await wait_until(pilot, lambda: bar.hover is not None)
        assert style_at(bar, first) != before
        assert style_at(bar, other) == other_before  # the others as they were
        await pilot.hover(KeyBar, offset=(79, -5))  # the mouse leaves the footer
        await wait_until(pilot, lambda: bar.hover is None)
        assert style_at(bar, first) == before


async def test_keys_that_do_not_fit_go_under_the_palette_key_not_over_it(make_app):
    """At 60 columns the timeline's keys run into the palette's key: it stays whole at the
    right, and the keys are cut short under it, as on Textual's Footer."""
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: "This chapter" in footer_text(app))
        text = footer_text(app)
        assert len(text) == 60
        assert text.endswith("? H▏^p palette ")


async def test_the_footer_takes_the_new_theme(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        dark = style_at(bar, 1)
        app.theme = "textual-light"
        await pilot.pause()
        assert style_at(bar, 1) != dark

"""The review screen's keys (u, !, the grade previews) and the Smart Guide's N."""

from __future__ import annotations

from histtui.screens.overview import OverviewScreen
from histtui.screens.review import ReviewScreen
from tests.conftest import cards_due, shown

SIZE = (100, 30)


async def test_grades_show_their_intervals_and_u_undoes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "o", "r")
        assert isinstance(app.screen, ReviewScreen)
        assert shown(app, "#review-count").startswith("Flashcards   1 new · 0 learning · 0 review")
        await pilot.press("space")
        assert shown(app, "#review-keys") == "1 Again <1m   2 Hard <6m   3 Good <10m   4 Easy 8d"
        await pilot.press("4")
        assert shown(app, "#review-count") == "Review finished: 1 card reviewed"
        await pilot.press("u")
        assert shown(app, "#review-front") == "What did Clemenceau want from the peace?"
        assert [r.kind for r in app.session.progress.reviews] == ["grade", "undo"]
        await pilot.press("exclamation_mark")
        assert shown(app, "#review-count") == "No cards are due."
        assert app.session.progress.reviews[-1].kind == "suspend"
        await pilot.press("escape")
        assert cards_due(app).startswith("0 cards due now")


async def test_card_measure_is_readable_at_every_size(make_app):
    app = make_app()
    for size in ((80, 24), (120, 40), (200, 50)):
        async with app.run_test(size=size) as pilot:
            await pilot.press("enter", "c", "o", "r")
            width = app.screen.query_one("#review-front").content_region.width
            assert 60 <= width <= 72, (size, width)
        app = make_app()


async def test_n_sets_the_new_cards_a_day(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("N")
        await pilot.press("end", "backspace", "backspace", "x", "enter")
        assert "whole number" in shown(app, "#ask-hint")
        await pilot.press("backspace", "5", "enter")
        assert isinstance(app.screen, OverviewScreen)
        assert app.session.new_cards_per_day == 5

"""Pilot tests for the study tools: bookmarks, notes, search with hits, flashcard review."""

from __future__ import annotations

import tomllib

from textual.widgets import OptionList, TextArea

from histtui.screens.dialogs import SaveChangesDialog
from histtui.screens.note import NoteScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.screens.review import ReviewScreen
from histtui.screens.search import SearchScreen
from histtui.widgets.course_tree import CourseTree
from histtui.widgets.topic_view import TopicView
from tests.conftest import cards_due, overview_rows, plain, shown

SIZE = (100, 30)


def saved(state_path) -> dict:
    return tomllib.loads(state_path.read_text(encoding="utf-8"))


async def test_b_marks_revise_again_in_tree_pane_and_overview(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "b")
        topic = app.session.guide.topic("versailles-terms")
        assert str(app.screen.query_one(CourseTree).label(topic)).startswith(" ★ ")
        assert "★ Revise again" in shown(app, "#status")
        assert saved(state_path)["bookmarks"]["versailles-terms"]["on"] is True
        await pilot.press("o")
        rows = overview_rows(app)
        assert "★ Revise again" in rows
        assert rows[rows.index("★ Revise again") + 1].startswith(
            "The Treaty of Versailles: Terms [1919]"
        )
        # Enter on the bookmarked topic opens it.
        options = app.screen.query_one("#chapters", OptionList)
        options.highlighted = rows.index("★ Revise again") + 1
        await pilot.press("enter")
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        await pilot.press("b", "o")
        assert "★ Revise again" not in overview_rows(app)


async def test_e_writes_a_note_that_shows_under_the_topic(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Clemenceau = security", "ctrl+s")
        assert saved(state_path)["notes"]["big-three-aims"]["text"] == "Clemenceau = security"
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one("#topic-note").display
        note = shown(app, "#topic-note")
        assert "Your note" in note and "Clemenceau = security" in note


async def test_escape_with_unsaved_changes_asks(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e", *"draft")
        await pilot.press("escape")
        assert isinstance(app.screen, SaveChangesDialog)
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("escape", "n")  # discard
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.progress.note("big-three-aims") == ""
        await pilot.press("e", *"kept", "escape", "y")
        assert isinstance(app.screen, ReaderScreen)
        assert saved(state_path)["notes"]["big-three-aims"]["text"] == "kept"


async def test_a_note_is_saved_when_the_app_quits_even_on_ctrl_c(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e", *"typed then quit", "ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert saved(state_path)["notes"]["big-three-aims"]["text"] == "typed then quit"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        assert app.screen.query_one(TextArea).text == "typed then quit"


async def test_search_lists_results_and_opens_at_the_hits(make_app):
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"alsace")
        options = app.screen.query_one("#search-results", OptionList)
        assert options.option_count == 1
        row = plain(options.get_option_at_index(0).prompt)
        assert row.startswith("The Treaty of Versailles: Terms [1919]   1. Making the Peace")
        assert "Alsace-Lorraine" in row
        assert shown(app, "#search-count") == "1 topic"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        assert shown(app, "#search-status").startswith("Hit 1 of 1")
        view = app.screen.query_one(TopicView)
        assert view.highlighting
        # n stays on the hit while hits are marked; escape clears them; then n is next topic.
        await pilot.press("n")
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        await pilot.press("escape")
        assert not view.highlighting
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("n")
        assert shown(app, "#topic-title") == "Key Reasons for the Rise of Stalin"


async def test_search_n_and_shift_n_walk_the_hits(make_app):
    app = make_app()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.press("slash", *"germany", "enter")
        await pilot.pause()
        view = app.screen.query_one(TopicView)
        assert shown(app, "#topic-title") == "The Aims of the Big Three"
        assert len(view.hits) == 2
        assert view.hit_index == 0
        top = view.scroll_y
        await pilot.press("n")
        assert view.hit_index == 1
        assert view.scroll_y > top, "the pane scrolled to the second hit"
        assert shown(app, "#search-status").startswith("Hit 2 of 2")
        await pilot.press("N")
        assert view.hit_index == 0
        await pilot.press("N")
        assert view.hit_index == 1, "N wraps round to the last hit"


async def test_search_with_no_results_and_escape(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zebra crossing")
        assert shown(app, "#search-count") == "No topic holds all of those words"
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_completing_a_topic_puts_its_cards_into_review(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "o")
        assert cards_due(app).startswith("1 card due now")
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        assert shown(app, "#review-front") == "What did Clemenceau want from the peace?"
        assert not app.screen.query_one("#review-back").display
        await pilot.press("3")  # grading before seeing the answer does nothing
        assert shown(app, "#review-front") == "What did Clemenceau want from the peace?"
        await pilot.press("space")
        assert app.screen.query_one("#review-back").display
        assert shown(app, "#review-back") == "A weak Germany that could never invade France again."
        await pilot.press("1")  # Again: the card comes back in this session
        assert shown(app, "#review-front") == "What did Clemenceau want from the peace?"
        await pilot.press("space", "3")
        assert shown(app, "#review-count") == "Review finished: 2 cards reviewed"
        assert "Again 1, Hard 0, Good 1, Easy 0" in shown(app, "#review-keys")
        assert shown(app, "#review-topic") == "Next card due in 10 minutes."
        assert not app.screen.query_one("#review-front").display, "no empty card frame"
        assert [review.rating for review in app.session.progress.reviews] == [1, 3]
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)
        assert cards_due(app).startswith("0 cards due now · 1 later today")


async def test_review_with_nothing_due_says_how_cards_join(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert shown(app, "#review-count") == "No cards are due."
        assert "mark a topic complete" in shown(app, "#review-keys")
        assert not app.screen.query_one("#review-front").display, "no empty card frame"


async def test_shift_r_adds_a_chapters_cards(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        assert cards_due(app).startswith("1 card due now")
        await pilot.press("enter", "R")
        assert len(app.session.progress.cards) == 1


async def test_search_lists_a_page_of_results_then_says_how_many_more(make_app):
    from bench.make_guide import guide_text

    from histtui.guide_check import parse_guide

    guide = parse_guide(guide_text(topics=60, words=40, per_chapter=20))
    app = make_app(guide)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("slash", *"the")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        total = len([t for t in guide.topics if "the" in (t.title + t.body).lower()])
        assert total > 13
        assert shown(app, "#search-count") == f"{total} topics"
        options = screen.query_one("#search-results", OptionList)
        # Six results fit in 16 lines; thirteen are listed, then the rest are counted.
        assert options.option_count == 14
        last = options.get_option_at_index(13)
        assert last.disabled
        assert plain(last.prompt).strip() == f"{total - 13} more — keep typing to narrow the search"
        await pilot.press("down", "end")
        assert options.highlighted == 12, "the 'more' line cannot be chosen"
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == screen.results[12].topic.title
        await pilot.press("slash", *"the zebra")
        assert shown(app, "#search-count") == "No topic holds all of those words"
        assert app.screen.query_one("#search-results", OptionList).option_count == 0


async def test_typing_on_the_results_goes_into_the_search_box(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"treaty", "down")
        assert isinstance(app.focused, OptionList)
        await pilot.press(*" terms")
        assert app.screen.query_one("#search-input").value == "treaty terms"
        assert shown(app, "#search-count") == "1 topic"

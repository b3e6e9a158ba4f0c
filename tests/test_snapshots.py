"""How the screens look, at 80x24 and 120x40 (reviewed by eye before --snapshot-update)."""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_overview(snap_compare, make_app, size):
    async def complete_two(pilot):
        await pilot.press("enter", "c", "n", "n", "c", "o")

    assert snap_compare(make_app(), terminal_size=size, run_before=complete_two)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_reader(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["enter", "c"])


def test_reader_light_theme(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["d", "enter"])


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["question_mark"])


STUDY_SCREENS = {
    "search": ["slash", *"versailles"],
    "search_hits": ["slash", *"germany", "enter"],
    "note": ["enter", "e", *"Clemenceau: security first."],
    "review_back": ["enter", "c", "r", "space"],
    "overview_bookmarks_and_cards": ["enter", "b", "c", "o"],
}


@pytest.mark.parametrize("screen", list(STUDY_SCREENS))
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_study_screens(snap_compare, make_app, size, screen):
    assert snap_compare(make_app(), terminal_size=size, press=STUDY_SCREENS[screen])


# Issue 13: every screen changed there, dark and light, at 80x24 and 120x40 --------------

THEMED_SCREENS = {
    "overview": ["enter", "c", "b", "n", "o"],
    "reader": ["enter", "c", "b"],
    "reader_sidebar_open": ["enter", "tab"],
    "help": ["enter", "question_mark"],
    "timeline": ["enter", "n", "t"],
    "timeline_quiz": ["t", "ctrl+z", "1"],
}


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("screen", list(THEMED_SCREENS))
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_themed_screens(snap_compare, make_app, size, screen, theme):
    keys = (["d"] if theme == "light" else []) + THEMED_SCREENS[screen]
    assert snap_compare(make_app(), terminal_size=size, press=keys)

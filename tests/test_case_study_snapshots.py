"""How case studies look, at 80x24 and 120x40 (reviewed by eye before --snapshot-update):
the list, a text source, a visual source, and the marking guide beside an answer."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from histtui.guide_check import load_guide
from tests.conftest import FIXTURES

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]


@pytest.fixture
def case_app(make_app):
    app = make_app(load_guide(FIXTURES / "case_study.toml"))
    study = app.session.guide.case_study("munich-1938")
    app.session.mark_answer(study, study.questions[0], 3, 4)  # a best mark and a date to show
    return app


async def still_cursor(pilot):
    for editor in pilot.app.screen.query(TextArea):
        editor.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_case_study_list(snap_compare, case_app, size):
    async def open_list(pilot):
        await pilot.press("a")

    assert snap_compare(case_app, terminal_size=size, run_before=open_list)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_text_source(snap_compare, case_app, size):
    async def open_and_look_at_the_source(pilot):
        await pilot.press("a", "enter")
        await still_cursor(pilot)
        await pilot.press("tab")

    assert snap_compare(case_app, terminal_size=size, run_before=open_and_look_at_the_source)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_visual_source(snap_compare, case_app, size):
    async def open_the_cartoon(pilot):
        await pilot.press("a", "enter")
        await still_cursor(pilot)
        await pilot.press("tab", "b")

    assert snap_compare(case_app, terminal_size=size, run_before=open_the_cartoon)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_marking_guide_beside_the_answer(snap_compare, case_app, size):
    async def answer_reveal_and_mark(pilot):
        await pilot.press("a", "enter")
        await still_cursor(pilot)
        await pilot.press(*"He thinks Czechoslovakia is not worth a war.", "ctrl+r", "3")

    assert snap_compare(case_app, terminal_size=size, run_before=answer_reveal_and_mark)

"""How exam practice looks, at 80x24 and 120x40 (reviewed by eye before --snapshot-update)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_exam_questions(snap_compare, make_app, size):
    async def plan_one_and_set_a_timer(pilot):
        await pilot.press("x", "enter", *"Harsh, but", "escape", "T")
        pilot.app.clear_notifications()  # "Plan saved" would time out during the snapshot

    assert snap_compare(make_app(), terminal_size=size, run_before=plan_one_and_set_a_timer)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_plan_beside_the_model_answer(snap_compare, make_app, size):
    app = make_app()
    app.session.monotonic = lambda: 0.0  # the countdown stands at 10:00

    async def write_and_reveal(pilot):
        await pilot.press("x", "T", "down", "enter")
        pilot.app.screen.query_one(TextArea).cursor_blink = False
        await pilot.press(*"Message: war again", "enter", *"- child = Class of 1940", "ctrl+r")

    assert snap_compare(app, terminal_size=size, run_before=write_and_reveal)

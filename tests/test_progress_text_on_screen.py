"""Issue #12 item 1: text from the progress file (which may come from someone else's USB
stick) never sends an escape sequence to the terminal, on any screen that shows it.

The progress file below holds, in every note and every exam plan and in the settings, an
OSC 52 (writes the clipboard), an OSC 0 (sets the window title), a DSR (makes the terminal
answer as if typed), a 7-bit and an 8-bit CSI, a DCS and a bare BEL. Each screen that shows
progress-file text is opened, and what Textual would draw (`export_screenshot`: the screen's
segments, as the terminal would get them) is searched for every escape and control byte.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import tomli_w
from textual.widgets import TextArea

from histtui.app import HistTUI
from histtui.guide import Guide, question_key

SIZE = (100, 30)
HOSTILE = (
    "Safe words\x1b]52;c;cm0gLXJmIH4K\x07 clip\x1b]0;pwned title\x07 title \x1b[6n dsr"
    " \x9b31m eight-bit \x1b[31mred\x1b[0m \x1bP1$r q\x1b\\ dcs \x07 bell hostilenote"
)
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0 control but tab and newline, DEL, and every C1 control (8-bit CSI, OSC, DCS)."""


def plant(path: Path, guide: Guide) -> None:
    """A progress file with the hostile text in every note, plan and setting."""
    when = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    document = {
        "format": 1,
        "guide": guide.id,
        "last_topic": {"value": "\x1b]0;pwned\x07", "updated_at": when},
        "theme": {"value": "\x1b]52;c;eA==\x07", "updated_at": when},
        "notes": {topic.id: {"updated_at": when, "text": HOSTILE} for topic in guide.topics},
        "plans": {
            question_key(chapter.id, question.prompt): {"updated_at": when, "text": HOSTILE}
            for unit in guide.units
            for chapter in unit.chapters
            for question in chapter.questions
        },
    }
    path.write_text(tomli_w.dumps(document), encoding="utf-8")


def drawn(app: HistTUI) -> str:
    """What the current screen sends the terminal, as text (the screen's segments, every
    character of them, as Textual's screenshot writes them out)."""
    return app.export_screenshot()


def words_on(app: HistTUI) -> str:
    """The words drawn on the current screen, without the screenshot's markup."""
    return html.unescape(re.sub(r"<[^>]*>", "", drawn(app))).replace("\xa0", " ")


def assert_safe(app: HistTUI, where: str) -> None:
    screen = drawn(app)
    found = FORBIDDEN.findall(screen)
    assert not found, f"{where}: {found!r} reach the terminal"
    for node in app.screen.query(TextArea):
        assert not FORBIDDEN.search(node.text), f"{where}: the editor holds {node.text!r}"


async def open_with_hostile_progress(make_app, state_path, small_guide):
    plant(state_path, small_guide)
    return make_app()


async def test_the_reader_s_note_panel(make_app, state_path, small_guide):
    app = await open_with_hostile_progress(make_app, state_path, small_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "hostilenote" in words_on(app), "the note is on screen"
        assert_safe(app, "reader note panel")


async def test_the_note_editor(make_app, state_path, small_guide):
    app = await open_with_hostile_progress(make_app, state_path, small_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        await pilot.pause()
        assert "hostilenote" in app.screen.query_one(TextArea).text
        assert_safe(app, "note editor")


async def test_search_snippets_of_notes(make_app, state_path, small_guide):
    app = await open_with_hostile_progress(make_app, state_path, small_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"eight")
        await pilot.pause(0.5)
        assert "eight-bit" in words_on(app), "a snippet of a note is on screen"
        assert_safe(app, "search results")


async def test_the_exam_list_and_the_plan_editor(make_app, state_path, small_guide):
    app = await open_with_hostile_progress(make_app, state_path, small_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")  # to a chapter with exam questions
        await pilot.press("x")
        await pilot.pause()
        assert_safe(app, "exam question list")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "hostilenote" in app.screen.query_one(TextArea).text
        assert_safe(app, "plan editor")


async def test_the_overview_review_screen_and_settings(make_app, state_path, small_guide):
    app = await open_with_hostile_progress(make_app, state_path, small_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_safe(app, "overview (last topic, theme)")
        assert app.theme != "\x1b]52;c;eA==\x07"
        await pilot.press("r")
        await pilot.pause()
        assert_safe(app, "review screen")


async def test_a_note_another_copy_saves_while_histtui_runs(make_app, state_path, small_guide):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        plant(state_path, small_guide)  # another histtui (or a copy from a stick) saves
        app.sync()  # as the app does every second
        await pilot.pause()
        assert "hostilenote" in words_on(app), "the merged note is on screen"
        assert_safe(app, "reader note panel after a merge")

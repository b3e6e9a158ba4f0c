"""An unexpected error: progress and unsaved notes are saved first, the traceback goes to a
log in the user's log folder, and the student is told where both are.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import ClassVar

import pytest
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import TextArea

from histtui.app import HistTUI
from histtui.safekeeping import farewell
from histtui.screens.base import HoldsUnsavedWork
from histtui.session import StudySession
from tests.conftest import wait_until


class NoteDraft(Screen[None]):
    """A stand-in for a notes editor: typed text that is saved only when the student leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f5", "explode", "Crash")]

    def __init__(self, topic_id: str) -> None:
        super().__init__()
        self.topic_id = topic_id

    def compose(self) -> ComposeResult:
        yield TextArea()

    def save_unsaved(self) -> None:
        app = self.app
        assert isinstance(app, HistTUI)
        app.session.progress.set_note(
            self.topic_id, self.query_one(TextArea).text, app.session.clock()
        )

    def action_explode(self) -> None:
        raise RuntimeError("a bug in a screen")


@pytest.fixture
def log_home(tmp_path, monkeypatch) -> Path:
    """The user log folder, under XDG_STATE_HOME (platformdirs' rule on Linux)."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("LOCALAPPDATA", str(state))
    return state


def the_log(app: HistTUI, log_home: Path) -> str:
    assert app.crash_log is not None
    assert app.crash_log.is_relative_to(log_home), "the log is in the user's log folder"
    return app.crash_log.read_text(encoding="utf-8")


async def test_unsaved_note_and_progress_are_saved_before_the_error_screen(
    make_app, state_path, clock, log_home
):
    assert isinstance(NoteDraft("x"), HoldsUnsavedWork)
    app = make_app()
    with pytest.raises(RuntimeError, match="a bug in a screen"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "c")
            await app.push_screen(NoteDraft("big-three-aims"))
            await pilot.press(*"Wilson: 14 points")
            await pilot.press("f5")
            await pilot.pause()
    saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert saved["notes"]["big-three-aims"]["text"] == "Wilson: 14 points"
    assert "completed_at" in saved["topics"]["big-three-aims"]
    log = the_log(app, log_home)
    assert "RuntimeError: a bug in a screen" in log
    assert f"Progress file: {state_path} (saved)" in log
    assert farewell(app.session, app.crash_log) == [
        "histtui stopped because of an unexpected error. The details are in "
        f"{app.crash_log}: please give that file to whoever looks after histtui.",
        f"Your progress was saved in {state_path}.",
    ]


async def test_a_change_made_just_before_a_failing_save_is_still_saved(
    make_app, state_path, log_home, monkeypatch
):
    def broken_save(self: StudySession) -> None:
        raise ValueError("save path broken")

    app = make_app()
    monkeypatch.setattr(StudySession, "save", broken_save)
    with pytest.raises(ValueError, match="save path broken"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
    saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert saved["last_topic"]["value"] == "big-three-aims"
    assert "ValueError: save path broken" in the_log(app, log_home)


async def test_the_real_note_editor_is_saved_when_a_bug_stops_histtui(
    make_app, state_path, log_home
):
    app = make_app()

    def boom() -> None:
        raise RuntimeError("a bug somewhere else")

    with pytest.raises(RuntimeError, match="a bug somewhere else"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "e", *"Fourteen Points")
            app.set_timer(0.01, boom)
            await wait_until(pilot, lambda: app.crash_log is not None)
    saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert saved["notes"]["big-three-aims"]["text"] == "Fourteen Points"
    assert "a bug somewhere else" in the_log(app, log_home)

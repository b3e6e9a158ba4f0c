"""Exam practice in a real terminal (tmux): T, ctrl+t, ctrl+s, ctrl+r and ctrl+q as typed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.test_e2e_tmux import HISTTUI, Terminal, need_tools

pytestmark = pytest.mark.e2e


def test_write_a_plan_against_the_clock_and_quit(tmp_path: Path):
    need_tools()
    assert HISTTUI is not None
    state = tmp_path / "progress.toml"
    command = [HISTTUI, "--state", str(state)]
    terminal = Terminal()
    try:
        terminal.start(command)
        terminal.wait_for(r"0% Complete")
        terminal.keys("x")
        terminal.wait_for(r"Exam practice · 1\. ")
        terminal.wait_for(r"Structured essay")
        terminal.keys("T")
        terminal.wait_for(r"Timer: 10 minutes")
        terminal.keys("Enter")
        terminal.wait_for(r"Time left (10:00|09:5\d)")
        terminal.keys("C-t")
        terminal.wait_for(r"Time left (30:00|29:5\d)")
        terminal.keys("-l", "Quick plan: T and q are text")
        terminal.keys("C-s")
        terminal.wait_for(r"Plan saved")
        terminal.keys("C-r")
        terminal.wait_for(r"Model answer plan")
        terminal.keys("Enter")
        terminal.keys("-l", "unsaved line")
        terminal.wait_for(r"unsaved line")
        terminal.keys("C-q")
        terminal.wait_until_closed()
        plans = tomllib.loads(state.read_text(encoding="utf-8"))["plans"]
        assert [plan["text"] for plan in plans.values()] == [
            "Quick plan: T and q are text\nunsaved line"
        ]
    finally:
        terminal.close()

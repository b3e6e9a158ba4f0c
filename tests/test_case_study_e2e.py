"""Case studies in a real terminal (tmux): answer, quit with ctrl+c, restart, find the answers,
then mark one by level, as the keys are typed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_e2e_tmux import HISTTUI, Terminal, need_tools

pytestmark = pytest.mark.e2e


def test_answer_quit_restart_and_find_the_answer(tmp_path: Path):
    need_tools()
    assert HISTTUI is not None
    state = tmp_path / "progress.toml"
    command = [HISTTUI, "--guide", str(FIXTURES / "case_study.toml"), "--state", str(state)]
    terminal = Terminal()
    try:
        terminal.start(command)
        terminal.wait_for(r"0% Complete")
        terminal.keys("a")
        terminal.wait_for(r"The Munich Crisis, 1938")
        terminal.keys("Enter")
        terminal.wait_for(r"Question 1 of 4")
        terminal.keys("-l", "A quarrel in a distant country: a b c q 1")
        terminal.keys("C-n")  # moving on saves the answer
        terminal.wait_for(r"Question 2 of 4")
        terminal.keys("-l", "Both would resist in the end")
        terminal.wait_for(r"Both would resist in the end")
        terminal.keys("C-c")  # quitting saves the answer being typed
        terminal.wait_until_closed()

        terminal.start(command)
        terminal.wait_for(r"0% Complete")
        terminal.keys("a")
        terminal.wait_for(r"The Munich Crisis, 1938")
        terminal.keys("Enter")
        terminal.wait_for(r"Question 3 of 4")  # where the student left off
        terminal.keys("C-b")
        terminal.wait_for(r"Both would resist in the end")
        terminal.keys("C-b")
        terminal.wait_for(r"A quarrel in a distant country: a b c q 1")
        terminal.keys("C-n")
        terminal.wait_for(r"Both would resist in the end")
        terminal.keys("C-r")
        terminal.wait_for(r"Mark yourself")
        terminal.keys("3")
        terminal.wait_for(r"Level 3, 5/6")
        terminal.keys("q")  # the marking guide has the focus: q quits
        terminal.wait_until_closed()
        saved = tomllib.loads(state.read_text(encoding="utf-8"))
        assert sorted(answer["text"] for answer in saved["answers"].values()) == [
            "A quarrel in a distant country: a b c q 1",
            "Both would resist in the end",
        ]
        assert [(mark["level"], mark["marks"]) for mark in saved["self_marks"]] == [(3, 5)]
    finally:
        terminal.close()

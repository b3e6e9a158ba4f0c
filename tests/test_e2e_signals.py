"""End to end: the installed `histtui` under tmux is sent the signals that end a program
(the terminal closed, `kill`, ctrl+\\, an interrupt) while a note or plan is being typed;
what was typed is in the progress file afterwards."""

from __future__ import annotations

import os
import signal
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tests.test_e2e_tmux import HISTTUI, Terminal, need_tools

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]

SRC = Path(__file__).resolve().parents[1] / "src"


def pane_pid(terminal: Terminal) -> int:
    return int(terminal.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}").stdout)


def saved(state: Path, table: str) -> list[str]:
    """The texts of a table (notes or plans) in the progress file, waiting for it to appear."""
    deadline = time.monotonic() + 30
    while not state.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    document = tomllib.loads(state.read_text(encoding="utf-8"))
    return [record["text"] for record in document.get(table, {}).values()]


@pytest.mark.parametrize(
    ("name", "editor"),
    [
        ("SIGHUP", "note"),
        ("SIGTERM", "note"),
        ("SIGQUIT", "note"),
        ("SIGINT", "note"),
        ("SIGHUP", "plan"),
        ("SIGTERM", "plan"),
        ("kill-session", "note"),  # tmux closing the window: SIGHUP, and the terminal gone
    ],
)
def test_a_signal_that_ends_histtui_saves_what_is_being_typed(
    tmp_path: Path, name: str, editor: str
):
    need_tools()
    assert HISTTUI is not None
    state = tmp_path / "progress.toml"
    # This checkout's code, whichever checkout the console script was installed from.
    command = ["env", f"PYTHONPATH={SRC}", HISTTUI, "--state", str(state)]
    terminal = Terminal()
    typed = f"typed before {name}"
    try:
        terminal.start(command)
        terminal.wait_for(r"Steps")
        if editor == "note":
            terminal.keys("Enter")
            terminal.wait_for("Mark Complete")
            terminal.keys("e")
            terminal.wait_for("Your note")
        else:
            terminal.keys("x")
            # The exam screen's heading ("Exam practice · 1. ..."), not the Smart Guide's
            # footer, which says "Exam practice" too: enter sent before the screen opens
            # would open a topic instead.
            terminal.wait_for("Exam practice · ")
            terminal.keys("Enter")
            terminal.wait_for("ctrl\\+s|Save")
        terminal.keys("-l", typed)
        terminal.wait_for(typed)
        process = pane_pid(terminal)
        if name == "kill-session":
            terminal.tmux("kill-session", "-t", "e2e")
        else:
            os.kill(process, getattr(signal, name))
        deadline = time.monotonic() + 30
        while _alive(process):
            assert time.monotonic() < deadline, "histtui did not exit"
            time.sleep(0.1)
        texts = saved(state, "notes" if editor == "note" else "plans")
        assert typed in texts, f"{name}: what was typed in the {editor} was lost ({texts})"
    finally:
        terminal.close()


def _alive(pid: int) -> bool:
    """Whether the process is still running. A zombie is not: when tmux's server exits
    first (kill-session ends its last session), histtui is handed to PID 1, which in a
    container may never reap it, and `kill(pid, 0)` keeps finding it after it has exited."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        status = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return True  # no /proc (macOS): it answered, so it runs
    return status.rsplit(")", 1)[-1].split()[0] != "Z"

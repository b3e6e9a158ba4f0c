"""End to end in a real terminal: the installed `histtui` under tmux, quit and started again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

HISTTUI = shutil.which("histtui", path=str(Path(sys.executable).parent)) or shutil.which("histtui")


def need_tools() -> None:
    missing = [
        name for name, path in (("tmux", shutil.which("tmux")), ("histtui", HISTTUI)) if not path
    ]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must install {', '.join(missing)} (see .ci/run)")
    if missing:
        pytest.skip(f"needs {', '.join(missing)} on PATH")


class Terminal:
    """A tmux server of our own, with one window running a command."""

    def __init__(self) -> None:
        self.socket = f"histtui-e2e-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )

    def start(self, command: list[str]) -> None:
        result = self.tmux(
            "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "--", *command
        )
        assert result.returncode == 0, result.stderr

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e").stdout

    def running(self) -> bool:
        return self.tmux("has-session", "-t", "e2e").returncode == 0

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if match := re.search(pattern, screen):
                return match
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} never appeared; the screen was:\n{screen}")

    def wait_until_closed(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.running():
            if time.monotonic() > deadline:
                raise AssertionError(f"histtui did not quit; the screen was:\n{self.screen()}")
            time.sleep(0.2)

    def close(self) -> None:
        self.tmux("kill-server")


def test_mark_complete_quit_and_restart(tmp_path: Path):
    need_tools()
    assert HISTTUI is not None
    state = tmp_path / "progress.toml"
    command = [HISTTUI, "--state", str(state)]
    terminal = Terminal()
    try:
        mark_complete_quit_and_restart(terminal, command, state)
    finally:
        terminal.close()


def mark_complete_quit_and_restart(terminal: Terminal, command: list[str], state: Path) -> str:
    """Open the first topic, mark it complete, quit; start again and find it kept.

    Returns the number of topics the Smart Guide counts.
    """
    terminal.start(command)
    total = terminal.wait_for(r"0% Complete\s+0/(\d+) Steps")[1]
    terminal.keys("Enter")
    terminal.wait_for(r"Chapter Progress\s+0% Complete")
    terminal.wait_for("Mark Complete")
    terminal.keys("c")
    terminal.wait_for("✔ Completed")
    terminal.keys("q")
    terminal.wait_until_closed()
    assert state.exists()

    terminal.start(command)
    terminal.wait_for(rf"1/{total} Steps")
    terminal.wait_for(r"Continue: ")
    terminal.keys("Enter")
    terminal.wait_for("✔ Completed")
    terminal.keys("q")
    terminal.wait_until_closed()
    return total

"""End to end in a real terminal (tmux): colours under NO_COLOR and in a 16-colour terminal,
a real resize below the minimum size, and the rescue copy printed when saving never worked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_e2e_tmux import HISTTUI, Terminal, need_tools

pytestmark = pytest.mark.e2e

SGR = re.compile(r"\x1b\[([0-9;]*)m")
SIXTEEN = {
    *range(0, 10),
    *range(21, 30),
    *range(30, 38),
    39,
    *range(40, 48),
    49,
    *range(90, 98),
    *range(100, 108),
}


def capture(terminal: Terminal) -> str:
    """The screen with its colours, as escape sequences."""
    return terminal.tmux("capture-pane", "-e", "-p", "-t", "e2e").stdout


def colours(screen: str) -> list[tuple[int, ...]]:
    """Every colour a screen uses: (r, g, b) for 24-bit colours, (n,) for the others."""
    found: list[tuple[int, ...]] = []
    for match in SGR.finditer(screen):
        params = [int(p) for p in match[1].split(";") if p]
        i = 0
        while i < len(params):
            if params[i] in (38, 48) and params[i + 1 : i + 2] == [2]:
                found.append(tuple(params[i + 2 : i + 5]))
                i += 5
            elif params[i] in (38, 48) and params[i + 1 : i + 2] == [5]:
                found.append((256, params[i + 2]))
                i += 3
            else:
                found.append((params[i],))
                i += 1
    return found


# Under pytest the C environment can hold COLUMNS and LINES (GNU readline exports them), and
# tmux passes them on; Textual would take them as the terminal's size and ignore resizes.
UNSET_SIZE = ["-u", "COLUMNS", "-u", "LINES"]


def start(terminal: Terminal, tmp_path: Path, *env: str, size=(100, 30)) -> None:
    assert HISTTUI is not None
    command = ["env", *UNSET_SIZE, *env, HISTTUI, "--state", str(tmp_path / "progress.toml")]
    result = terminal.tmux(
        "new-session", "-d", "-s", "e2e", "-x", str(size[0]), "-y", str(size[1]), "--", *command
    )
    assert result.returncode == 0, result.stderr


def run_session(tmp_path: Path, *env: str) -> tuple[str, str]:
    """The overview and the reader (after marking a topic complete), with colours."""
    terminal = Terminal()
    try:
        start(terminal, tmp_path, *env)
        terminal.wait_for(r"0% Complete")
        overview = capture(terminal)
        terminal.keys("Enter")
        terminal.wait_for("Mark Complete")
        terminal.keys("c")
        terminal.wait_for("✔ Completed")
        reader = capture(terminal)
        terminal.keys("q")
        terminal.wait_until_closed()
    finally:
        terminal.close()
    return overview, reader


def test_no_color_shows_only_greys(tmp_path: Path):
    need_tools()
    overview, reader = run_session(tmp_path, "COLORTERM=truecolor", "NO_COLOR=1")
    used = colours(overview) + colours(reader)
    rgb = [colour for colour in used if len(colour) == 3]
    assert rgb, "the terminal did get 24-bit colours"
    assert all(r == g == b for r, g, b in rgb), sorted(set(rgb))
    assert not [c for c in used if len(c) == 1 and (31 <= c[0] <= 36 or 91 <= c[0] <= 96)]
    # The same session without NO_COLOR has colour, so the check above can fail.
    (tmp_path / "control").mkdir()
    coloured, _ = run_session(tmp_path / "control", "COLORTERM=truecolor")
    assert any(len(c) == 3 and len(set(c)) > 1 for c in colours(coloured))


def test_usable_in_a_16_colour_terminal(tmp_path: Path):
    need_tools()
    overview, reader = run_session(tmp_path, "TERM=xterm", "COLORTERM=")
    used = colours(overview) + colours(reader)
    assert all(len(c) == 1 and c[0] in SIXTEEN for c in used), sorted(
        set(used) - {(n,) for n in SIXTEEN}
    )
    # The highlighted chapter stands out: it alone has a background of its own.
    rows = [line for line in overview.splitlines() if re.search(r"\d+\. ", SGR.sub("", line))]
    backgrounds = [
        {c for c in colours(row) if len(c) == 1 and (40 <= c[0] <= 47 or 100 <= c[0] <= 107)}
        for row in rows
    ]
    highlighted = backgrounds[0]
    assert highlighted and all(highlighted - other for other in backgrounds[1:])
    assert "✔ Completed" in SGR.sub("", reader), "completion is in words, not only colour"


def test_a_real_resize_below_the_minimum_and_back(tmp_path: Path):
    need_tools()
    terminal = Terminal()
    try:
        start(terminal, tmp_path)
        terminal.wait_for(r"0% Complete")
        terminal.keys("Enter")
        terminal.wait_for("Mark Complete")
        terminal.tmux("resize-window", "-t", "e2e", "-x", "40", "-y", "12")
        terminal.wait_for("Please enlarge the window")
        terminal.wait_for(r"this one\s+is 40×12")
        terminal.tmux("resize-window", "-t", "e2e", "-x", "100", "-y", "30")
        terminal.wait_for("Mark Complete")
        terminal.keys("c")
        terminal.wait_for("✔ Completed")
        terminal.keys("q")
        terminal.wait_until_closed()
    finally:
        terminal.close()
    assert "completed_at" in (tmp_path / "progress.toml").read_text(encoding="utf-8")


def test_unsaved_progress_is_rescued_and_the_copy_named_on_exit(tmp_path: Path):
    need_tools()
    assert HISTTUI is not None
    home = tmp_path / "home"
    home.mkdir()
    blocker = tmp_path / "usb"
    blocker.write_text("", encoding="utf-8")
    state = blocker / "progress.toml"
    terminal = Terminal()
    try:
        # Textual draws on stderr, and histtui prints where things are after it has gone:
        # the shell keeps the pane open to read that.
        command = f"{HISTTUI} --state {state}; echo histtui-exited; sleep 60"
        result = terminal.tmux(
            "new-session", "-d", "-s", "e2e", "-x", "200", "-y", "30", "--",
            "env", *UNSET_SIZE, f"HOME={home}", "sh", "-c", command,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        terminal.wait_for(r"0% Complete")
        terminal.keys("Enter")
        terminal.wait_for("Mark Complete")
        terminal.keys("c")
        terminal.wait_for("Not saved: cannot write to")
        terminal.keys("q")
        terminal.wait_for("histtui-exited")
        joined = terminal.tmux("capture-pane", "-p", "-J", "-t", "e2e").stdout  # unwrap lines
        printed = re.sub(r"\s+", " ", joined)
    finally:
        terminal.close()
    (copy,) = home.glob("histtui-unsaved-*.toml")
    assert f"Not saved: cannot write to {blocker}" in printed
    assert f"start histtui with --state {copy} to carry on from it" in printed
    assert "completed_at" in copy.read_text(encoding="utf-8")

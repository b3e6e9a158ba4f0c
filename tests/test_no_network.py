"""histtui never opens a network connection: sockets are forbidden and any attempt recorded.

An audit hook (PEP 578) sees every socket made, connected, bound or looked up, however the
code imported socket; in a subprocess it goes in through sitecustomize.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from histtui.screens.reader import ReaderScreen
from tests.conftest import SMALL_GUIDE, palette_has_hits, shown, wait_until

NETWORK_EVENTS = {
    "socket.__new__",
    "socket.connect",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.sendto",
    "urllib.Request",
}
LOCAL_FAMILIES = {getattr(socket, "AF_UNIX", None)}

_watching: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if not _watching or event not in NETWORK_EVENTS:
        return
    if event == "socket.__new__" and len(args) > 1 and args[1] in LOCAL_FAMILIES:
        return  # asyncio's self-pipe is a local socketpair, not the network
    _watching[-1].append(f"{event}{args[1:]!r}")
    raise PermissionError(f"histtui tried to use the network: {event}")


sys.addaudithook(_audit)

SITECUSTOMIZE = """
import os, socket, sys

LOG = os.environ["NETWORK_LOG"]
EVENTS = {events!r}
LOCAL = {{getattr(socket, "AF_UNIX", None)}}


def audit(event, args):
    if event not in EVENTS:
        return
    if event == "socket.__new__" and len(args) > 1 and args[1] in LOCAL:
        return
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{{event}}\\n")
    raise PermissionError(f"network use: {{event}}")


sys.addaudithook(audit)
"""


async def test_a_whole_session_uses_no_network(make_app):
    attempts: list[str] = []
    _watching.append(attempts)
    try:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter", "c", "n", "s", "s", "tab", "down", "enter")
            await pilot.press("question_mark", "escape", "d", "ctrl+p", *"inchon")
            await wait_until(pilot, lambda: palette_has_hits(app))
            await pilot.press("enter")
            assert isinstance(app.screen, ReaderScreen)
            assert shown(app, "#topic-title") == "The Inchon Landings"
            await pilot.press("o", "q")
    finally:
        _watching.pop()
    assert attempts == []


def test_the_guard_does_catch_a_connection():
    attempts: list[str] = []
    _watching.append(attempts)
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)
    except PermissionError:
        pass
    finally:
        _watching.pop()
    assert attempts and attempts[0].startswith("socket.")


def run_guarded(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(
        SITECUSTOMIZE.format(events=NETWORK_EVENTS), encoding="utf-8"
    )
    log = tmp_path / "network.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard), os.environ.get("PYTHONPATH", "")]),
        "NETWORK_LOG": str(log),
    }
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, env=env
    )
    return result, log.read_text(encoding="utf-8") if log.exists() else ""


def test_check_and_export_use_no_network(tmp_path: Path):
    state = tmp_path / "progress.toml"
    checked, attempts = run_guarded(tmp_path, "-m", "histtui", "check", str(SMALL_GUIDE))
    assert checked.returncode == 0, checked.stderr
    assert attempts == ""
    exported, attempts = run_guarded(
        tmp_path, "-m", "histtui", "--guide", str(SMALL_GUIDE), "--state", str(state), "export"
    )
    assert exported.returncode == 0, exported.stderr
    assert "# Progress report: Small Test Guide" in exported.stdout
    assert attempts == ""
    # The same guard stops a program that does reach for the network.
    reached, attempts = run_guarded(
        tmp_path, "-c", "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)"
    )
    assert reached.returncode != 0 and "network use" in reached.stderr
    assert attempts.startswith("socket.")

"""histtui.pyz (tools/build_pyz.py): one file, run by a Python with no site-packages at all.

The file is built once per test session (from PyPI, or offline from the wheels in
$HISTTUI_WHEELS), or taken from $HISTTUI_PYZ. It runs as `python -I -S histtui.pyz`: no
user or site packages, no PYTHON* variables, nothing but the standard library and the zip.
The terminal run also forbids the network (an audit hook, as in tests/test_no_network.py)
and checks that nothing is written anywhere but the progress file and the guide cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.test_e2e_tmux import Terminal, mark_complete_quit_and_restart

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 20_000_000
"""histtui.pyz is about 15 MB (Pygments is a third of it); a jump past this is a mistake."""

# A clean interpreter that refuses the network, then runs the zip as `python histtui.pyz`
# would: argv is [zip, arguments...], and the zip is first on sys.path.
GUARDED = """
import runpy, socket, sys
log, pyz = sys.argv[1], sys.argv[2]
local = {getattr(socket, "AF_UNIX", None)}
events = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo",
          "socket.gethostbyname", "socket.sendto", "urllib.Request"}
def audit(event, args):
    if event not in events:
        return
    if event == "socket.__new__" and len(args) > 1 and args[1] in local:
        return
    with open(log, "a", encoding="utf-8") as out:
        out.write(event + "\\n")
    raise PermissionError("network use: " + event)
sys.addaudithook(audit)
sys.argv = sys.argv[2:]
runpy.run_path(pyz, run_name="__main__")
"""


@pytest.fixture(scope="session")
def pyz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """histtui.pyz, built once for the whole test session."""
    if not shutil.which("tmux") and not os.environ.get("CI"):
        pytest.skip("needs tmux on PATH")
    if built := os.environ.get("HISTTUI_PYZ"):
        return Path(built)  # .ci/run builds it once, and tests that file
    out = tmp_path_factory.mktemp("pyz") / "histtui.pyz"
    command = [sys.executable, str(ROOT / "tools" / "build_pyz.py"), "--out", str(out)]
    if wheels := os.environ.get("HISTTUI_WHEELS"):
        command += ["--wheels", wheels]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def clean_env(home: Path) -> dict[str, str]:
    """A student's environment: a home of their own, nothing from the test run."""
    return {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "TMPDIR": str(home / "tmp"),
    }


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_the_file_holds_everything_and_only_pure_python(pyz: Path):
    size = pyz.stat().st_size
    assert 1_000_000 < size < MAX_BYTES, f"histtui.pyz is {size:,} bytes"
    with zipfile.ZipFile(pyz) as zf:
        names = set(zf.namelist())
    assert "__main__.py" in names
    for module in (
        "histtui/__main__.py",
        "histtui/histtui.tcss",
        "histtui/screens.tcss",
        "histtui/data/guide.toml",
        "textual/app.py",
        "rich/console.py",
        "tomli_w/__init__.py",
        "platformdirs/__init__.py",
        "fsrs/__init__.py",
        "markdown_it/__init__.py",
        "pygments/__init__.py",
    ):
        assert module in names
    native = [name for name in names if name.endswith((".so", ".pyd", ".dylib", ".dll"))]
    assert not native


def test_the_commands_run_from_the_file_alone(pyz: Path, tmp_path: Path):
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    env = clean_env(home)

    def histtui(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-I", "-S", str(pyz), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    version = histtui("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("histtui ")
    check = histtui("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "2 units, 11 chapters" in check.stdout
    mine = histtui("check", str(ROOT / "tests" / "fixtures" / "small.toml"))
    assert mine.returncode == 0, mine.stdout + mine.stderr
    state = tmp_path / "usb" / "progress.toml"
    report = histtui("--state", str(state), "export", "--format", "json")
    assert report.returncode == 0, report.stderr
    assert '"topics_total": 187' in report.stdout
    small = histtui("--guide", str(ROOT / "tests" / "fixtures" / "small.toml"), "export")
    assert small.returncode == 0, small.stderr
    assert small.stdout.startswith("# Progress report")
    # The guide cache in the user's cache folder, and nothing else: nothing unpacked.
    assert {Path(name).parts[:2] for name in files_under(home)} == {(".cache", "histtui")}


def test_mark_complete_quit_and_restart_from_the_file(pyz: Path, tmp_path: Path):
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    state = tmp_path / "usb" / "progress.toml"
    network = tmp_path / "network.log"
    command = [
        "env",
        "-i",
        *(f"{key}={value}" for key, value in clean_env(home).items()),
        "TERM=xterm-256color",
        sys.executable,
        "-I",
        "-S",
        "-c",
        GUARDED,
        str(network),
        str(pyz),
        "--state",
        str(state),
    ]
    terminal = Terminal()
    try:
        assert mark_complete_quit_and_restart(terminal, command, state) == "187"
    finally:
        terminal.close()
    assert not network.exists(), network.read_text(encoding="utf-8")
    # Progress beside --state, the guide cache in the cache folder; nothing unpacked.
    assert {Path(name).parts[:2] for name in files_under(home)} == {(".cache", "histtui")}
    assert files_under(state.parent) <= {"progress.toml", "progress.toml.lock"}

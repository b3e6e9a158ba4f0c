"""Inputs histtui does not control: what `--state`, `--guide`, `--out`, the environment and
a guide's text may hold, set up for real (files, devices, FIFOs, processes)."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rich.console import Console

from histtui.cli import main
from histtui.guide_check import parse_guide
from histtui.statefile import looks_like_progress
from histtui.textclean import clean_text
from histtui.widgets.notes_markdown import render_markdown
from tests.conftest import SMALL_GUIDE

SRC = Path(__file__).resolve().parents[1] / "src"
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and processes")

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"


def test_zero_width_characters_and_bidi_marks_are_removed_but_emoji_keep_their_joiners():
    for char in INVISIBLE:
        assert clean_text(f"Ver{char}sailles") == "Versailles", hex(ord(char))
        assert not char.isprintable()  # so the all-printable fast path cannot skip them
    family, fire_heart = "👨\u200d👩\u200d👧", "❤\ufe0f\u200d🔥"
    assert clean_text(f"{family} {fire_heart}\u200d") == f"{family} {fire_heart}"
    guide = parse_guide(
        'format = 1\nid = "g"\ntitle = "Tr\u200beaty\u202e"\n[[units]]\nid = "u"\n'
        'title = "U"\n[[units.chapters]]\nid = "c"\ntitle = "C\u2060"\n'
        '[[units.chapters.topics]]\nid = "t"\ntitle = "T\u200f"\nbody = "A\u200dB \ufeff"\n'
    )
    assert guide.title == "Treaty"
    assert guide.chapters[0].title == "C"
    assert guide.topics[0].title == "T"
    assert guide.topics[0].body.strip() == "AB"


def test_links_in_notes_are_shown_as_text_and_address_never_as_terminal_hyperlinks():
    markdown = (
        "See [the treaty](http://example.org/versailles) and [this](javascript:alert(1)).\n\n"
        "- <https://example.org/auto>\n"
    )
    console = Console(width=80, force_terminal=True, color_system="truecolor", file=io.StringIO())
    renderable = render_markdown(markdown)
    segments = list(console.render(renderable))
    assert not [segment for segment in segments if segment.style and segment.style.link]
    with console.capture() as capture:
        console.print(renderable)
    output = capture.get()
    assert "\x1b]8;" not in output
    plain = "".join(segment.text for segment in segments)
    assert "the treaty (http://example.org/versailles)" in plain
    assert "[this](javascript:alert(1))" in plain  # markdown-it never makes it a link


def histtui(
    *args: str, env: dict[str, str] | None = None, **options
) -> subprocess.CompletedProcess:
    """`python -m histtui ARGS` as a process of its own (stdin closed, so an app that did
    start would end rather than wait for keys)."""
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "histtui", *args],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        env=environ,
        **options,
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry in `folder`: its kind, inode and (for a regular file) contents."""
    entries = {}
    for entry in sorted(folder.iterdir()):
        status = entry.lstat()
        data = entry.read_bytes() if stat.S_ISREG(status.st_mode) else b""
        entries[entry.name] = (stat.S_IFMT(status.st_mode), status.st_ino, data)
    return entries


def not_ours(folder: Path) -> dict[str, Path]:
    """Files that `--state` might be pointed at and that are not histtui's to touch."""
    passwd = folder / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    guide = folder / "guide.toml"
    shutil.copy(SMALL_GUIDE, guide)
    essay = folder / "essay.toml"  # TOML, but not progress
    essay.write_text('title = "My essay"\nformat = "a4"\n', encoding="utf-8")
    (folder / "folder").mkdir()
    os.mkfifo(folder / "fifo")
    targets = {
        "passwd": passwd,
        "guide": guide,
        "essay": essay,
        "folder": folder / "folder",
        "fifo": folder / "fifo",
    }
    if os.geteuid() == 0:  # a device of our own, not the system's /dev/null
        os.mknod(folder / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets["device"] = folder / "null"
    return targets


@POSIX
def test_state_that_is_not_a_progress_file_is_refused_and_nothing_is_touched(tmp_path: Path):
    targets = not_ours(tmp_path)
    before = snapshot(tmp_path)
    for name, target in targets.items():
        for command in ([], ["export"]):
            result = histtui("--guide", str(targets["guide"]), "--state", str(target), *command)
            assert result.returncode == 2, (name, command, result.stderr)
            assert result.stderr.startswith(f"histtui: {target}"), result.stderr
            assert "Traceback" not in result.stderr
            assert snapshot(tmp_path) == before, (name, command)  # no .bad-, no .lock, no TOML
    assert (
        "is the guide itself"
        in histtui("--state", str(targets["guide"]), "--guide", str(targets["guide"])).stderr
    )
    assert "not a histtui progress file" in histtui("--state", str(targets["passwd"])).stderr


def test_what_counts_as_a_progress_file():
    store_written = b'format = 1\nguide = "small-guide"\n\n[topics.a]\ncomplete = true\n'
    assert looks_like_progress(b"")
    assert looks_like_progress(b"\n  \n")
    assert looks_like_progress(store_written)
    assert looks_like_progress(store_written[:-8])  # cut short: no longer TOML
    assert looks_like_progress(b'format = 1\nguide = "g"\n[topics]\n\xff\xfe')
    assert not looks_like_progress(b"root:x:0:0:root:/root:/bin/bash\n")
    assert not looks_like_progress(SMALL_GUIDE.read_bytes())
    assert not looks_like_progress(b'title = "essay"\n')
    assert not looks_like_progress(b"\x7fELF\x02\x01\x01\x00" * 100)


@POSIX
def test_export_reads_the_progress_file_and_writes_nothing_beside_it(tmp_path: Path, capsys):
    state = tmp_path / "progress.toml"
    state.write_text('format = 1\nguide = "small-guide"\n[topics]\n[topics.x', encoding="utf-8")
    before = snapshot(tmp_path)
    assert main(["--guide", str(SMALL_GUIDE), "--state", str(state), "export"]) == 1
    assert "cannot be read" in capsys.readouterr().err
    assert snapshot(tmp_path) == before  # not moved aside, no lock file
    state.write_text('format = 1\nguide = "small-guide"\n', encoding="utf-8")
    before = snapshot(tmp_path)
    assert main(["--guide", str(SMALL_GUIDE), "--state", str(state), "export"]) == 0
    assert snapshot(tmp_path) == before


@POSIX
def test_guides_that_never_end_or_never_open_are_refused(tmp_path: Path):
    fifo = tmp_path / "guide.fifo"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:  # sparse: 65 MiB on paper, nothing on disk
        handle.write(b'format = 1\nid = "huge"\n')
        handle.truncate(65 * 1024 * 1024)
    cases = {fifo: "is a named pipe (FIFO), not a guide file", huge: "is larger than 64 MiB"}
    if Path("/dev/zero").exists():
        cases[Path("/dev/zero")] = "is a device, not a guide file"
        cases[Path("/dev/urandom")] = "is a device, not a guide file"
    state = tmp_path / "state.toml"
    for guide, message in cases.items():
        for args in (
            ["--guide", str(guide), "--state", str(state)],
            ["--guide", str(guide), "--state", str(state), "export"],
            ["check", str(guide)],
        ):
            result = histtui(*args)
            assert result.returncode == 2, (args, result.stderr)
            assert result.stderr.startswith(f"histtui: {guide} {message}"), result.stderr
    assert not state.exists()


@POSIX
def test_a_progress_file_bigger_than_ten_years_of_study_is_refused(tmp_path: Path):
    state = tmp_path / "progress.toml"
    with state.open("wb") as handle:
        handle.write(b'format = 1\nguide = "small-guide"\n')
        handle.truncate(33 * 1024 * 1024)
    before = snapshot(tmp_path)
    for command in ([], ["export"]):
        result = histtui("--guide", str(SMALL_GUIDE), "--state", str(state), *command)
        assert result.returncode == 2
        assert "more than ten years of study could produce" in result.stderr
    assert snapshot(tmp_path) == before


@POSIX
def test_check_shows_escapes_in_a_guide_file_name_instead_of_sending_them(tmp_path: Path):
    bad = tmp_path / "unit\x1b[2J\x1b]0;owned\x07.toml"
    bad.write_text('format = 1\nid = "Bad Id"\n', encoding="utf-8")
    result = histtui("check", str(bad))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout
    # Problem lines give the name cleaned (by the guide's checker); the last line names the
    # whole path, with its escapes written out.
    assert result.stdout.splitlines()[0].startswith("unit.toml:2: guide: id must be a slug")
    assert result.stdout.endswith("unit\\x1b[2J\\x1b]0;owned\\x07.toml\n")
    result = histtui("--guide", str(bad))
    assert "\x1b" not in result.stdout + result.stderr
    assert "histtui check " in result.stderr


@POSIX
def test_no_home_folder_and_no_passwd_entry(tmp_path: Path):
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to become a user with no passwd entry")
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o777)
        guide = folder / "guide.toml"
        shutil.copy(SMALL_GUIDE, guide)
        guide.chmod(0o644)
        env = {
            key: value
            for key, value in os.environ.items()
            if key != "HOME" and not key.startswith("XDG_")
        }
        env["PYTHONPATH"] = str(SRC)
        become = ["setpriv", "--reuid", "12345", "--regid", "12345", "--clear-groups"]

        def run(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [*become, sys.executable, "-m", "histtui", "--guide", str(guide), *args],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
                cwd=folder,
                stdin=subprocess.DEVNULL,
            )

        result = run("export")
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert "HOME is not set" in result.stderr and "--state FILE" in result.stderr
        state = folder / "progress.toml"
        result = run("--state", str(state), "export")
        assert result.returncode == 0, result.stderr
        assert "# Progress report: Small Test Guide" in result.stdout
    finally:
        shutil.rmtree(folder)


LATIN_1 = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "latin-1", "PYTHONUTF8": "0"}


@POSIX
def test_a_latin_1_terminal_gets_escapes_not_a_traceback(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'format = 1\nid = "g"\n[[units]]\nid = "a-long-id-that-is-not-a-slug-at-all yes yes"\n',
        encoding="utf-8",
    )
    result = histtui("check", str(bad), env=LATIN_1)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "\\u2026" in result.stdout  # the "…" that cuts the quoted id short
    state = tmp_path / "progress.toml"
    state.write_text(
        'format = 1\nguide = "small-guide"\n[notes.big-three-aims]\n'
        'text = "1919 \u2013 1920"\nupdated_at = 2026-03-01T09:00:00Z\n',
        encoding="utf-8",
    )
    result = histtui("--guide", str(SMALL_GUIDE), "--state", str(state), "export", env=LATIN_1)
    assert result.returncode == 0, result.stderr
    assert "1919 \\u2013 1920" in result.stdout


def test_a_dumb_terminal_gets_no_colour():
    script = (
        "import os\n"
        "from histtui.environment import colour_settings\n"
        "os.environ.update(colour_settings(os.environ))\n"
        "from textual.app import App\n"
        "app = App()\n"
        "print(app.no_color, app.console.color_system)\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "TEXTUAL_COLOR_SYSTEM")
    }
    for term, expected in (("dumb", "True standard"), ("xterm-256color", "False 256")):
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "TERM": term, "COLORTERM": "", "PYTHONPATH": str(SRC)},
        )
        assert result.stdout.strip() == expected, result.stderr


@POSIX
def test_a_report_goes_only_into_a_folder_that_exists_and_is_readable_by_others(tmp_path: Path):
    state = tmp_path / "progress.toml"
    args = ["--guide", str(SMALL_GUIDE), "--state", str(state), "export"]
    missing = tmp_path / "no" / "such" / "folder" / "report.md"
    result = histtui(*args, "--out", str(missing))
    assert result.returncode == 1
    assert f"the folder {missing.parent} does not exist" in result.stderr
    assert not (tmp_path / "no").exists()
    report = tmp_path / "report.md"
    for umask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o644)):
        result = histtui(*args, "--out", str(report), preexec_fn=lambda mask=umask: os.umask(mask))
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(report.stat().st_mode) == mode, oct(umask)
    assert [path.name for path in tmp_path.iterdir()] == ["report.md"]  # no temp file left
    state.write_text('format = 1\nguide = "small-guide"\n', encoding="utf-8")
    guide = tmp_path / "guide.toml"
    shutil.copy(SMALL_GUIDE, guide)
    before = snapshot(tmp_path)
    for out in (state, guide):
        result = histtui("--guide", str(guide), "--state", str(state), "export", "--out", str(out))
        assert result.returncode == 1
        assert "give --out a file of its own" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_progress_file_with_its_keys_in_another_order_is_still_ours():
    assert looks_like_progress(b'guide = "g"\nformat = 1\n')
    # Beyond the first ten lines, where only parsing the whole file finds the keys.
    assert looks_like_progress(b"# edited by hand\n" * 20 + b'format = 1\nguide = "g"\n')
    assert not looks_like_progress(b"# edited by hand\n" * 20 + b"format = 1\n")


@POSIX
def test_a_state_file_below_a_file_is_left_to_the_store_to_warn_about(tmp_path: Path):
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    state = tmp_path / "data" / "progress.toml"
    result = histtui("--guide", str(SMALL_GUIDE), "--state", str(state), "export")
    assert result.returncode == 0, result.stderr
    assert "# Progress report" in result.stdout

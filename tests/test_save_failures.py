"""The data folder read-only, missing and not creatable, or the disk full: histtui runs on,
keeps progress in memory, shows a warning bar on every screen naming the folder and --state,
saves as soon as it can, and leaves a rescue copy if it never could.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from histtui.app import HistTUI
from histtui.filesafety import write_atomic
from histtui.progress import ProgressStore
from histtui.safekeeping import farewell
from histtui.screens.help import HelpScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.session import StudySession
from histtui.widgets.course_tree import CourseTree
from histtui.widgets.safety import SaveWarning
from tests.conftest import SMALL_GUIDE, overall_progress, shown, wait_until

SIZE = (100, 30)


def warning(app: HistTUI) -> str:
    """The warning bar on the current screen as the student sees it ("" when hidden)."""
    bars = app.screen.query(SaveWarning)
    if not bars:
        return ""
    bar = bars.first()
    if not bar.display or bar.region.height == 0:
        return ""
    return str(bar.render())


class FullDisk:
    """Fails every write the way a full disk does (ENOSPC), until space is freed."""

    def __init__(self) -> None:
        self.full = True

    def __call__(self, path: Path, data: bytes) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        write_atomic(path, data)


def saved(state_path: Path) -> dict:
    return tomllib.loads(state_path.read_text(encoding="utf-8"))


async def test_disk_full_warns_on_every_screen_and_saves_when_space_is_freed(
    small_guide, state_path, clock
):
    disk = FullDisk()
    app = HistTUI(
        StudySession(
            small_guide, ProgressStore(state_path, small_guide.id, clock, write=disk), clock
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        text = warning(app)
        assert "Not saved" in text and "the disk is full" in text
        assert str(state_path.parent) in text and "--state" in text
        assert shown(app, "#status").startswith("✔ Completed"), "kept in memory"
        assert not state_path.exists()
        # Persistent: still there on every screen, long after a toast would have gone.
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        assert "the disk is full" in warning(app)
        assert overall_progress(app) == "20% Complete   1/5 Steps"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "the disk is full" in warning(app)
        await pilot.press("escape", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert "the disk is full" in warning(app)
        # Space is freed: the next change saves everything and the bar goes.
        disk.full = False
        await pilot.press("c")
        await pilot.pause()
        assert warning(app) == ""
        topics = saved(state_path)["topics"]
        assert "completed_at" in topics["big-three-aims"]
        assert "completed_at" in topics["versailles-terms"]


async def test_a_failed_save_is_retried_without_waiting_for_a_change(
    small_guide, state_path, clock, monkeypatch
):
    monkeypatch.setattr("histtui.app.RETRY_SECONDS", 0.1)
    disk = FullDisk()
    app = HistTUI(
        StudySession(
            small_guide, ProgressStore(state_path, small_guide.id, clock, write=disk), clock
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        assert warning(app)
        disk.full = False
        await wait_until(pilot, lambda: warning(app) == "")
        assert "completed_at" in saved(state_path)["topics"]["big-three-aims"]


async def test_missing_folder_that_cannot_be_created(small_guide, tmp_path, clock):
    blocker = tmp_path / "usb-stick"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    state = blocker / "histtui" / "progress.toml"
    app = HistTUI(StudySession(small_guide, ProgressStore(state, small_guide.id, clock), clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "n")
        await pilot.pause()
        text = warning(app)
        assert f"cannot write to {state.parent}" in text
        assert "the folder is missing and cannot be created" in text and "--state" in text
        tree = app.screen.query_one(CourseTree)
        assert str(tree.label(small_guide.topics[0])).startswith("✔ ")
        # The folder appears (the stick is plugged in): the next change saves.
        blocker.unlink()
        await pilot.press("c")
        await pilot.pause()
        assert warning(app) == ""
        assert set(saved(state)["topics"]) == {"big-three-aims", "versailles-terms"}


async def test_quitting_while_unsaved_leaves_a_rescue_copy(
    small_guide, tmp_path, clock, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    store = ProgressStore(blocker / "progress.toml", small_guide.id, clock)
    app = HistTUI(StudySession(small_guide, store, clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "q")
    lines = farewell(app.session, app.crash_log)
    (copy,) = home.glob("histtui-unsaved-small-guide-*.toml")
    assert lines[0].startswith(f"Not saved: cannot write to {blocker}")
    assert lines[1] == (
        f"Your progress from this session is in {copy}: start histtui with --state {copy} "
        "to carry on from it."
    )
    assert ProgressStore(copy, small_guide.id, clock).load().is_complete("big-three-aims")


def test_farewell_is_quiet_when_everything_was_saved(small_guide, state_path, clock):
    session = StudySession(small_guide, ProgressStore(state_path, small_guide.id, clock), clock)
    session.progress.set_complete("inchon", True, clock())
    session.save()
    assert farewell(session, None) == []


def test_a_failed_fsync_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    # Some filesystems report a full disk only when the data is flushed.
    target = tmp_path / "progress.toml"
    write_atomic(target, b"old")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["progress.toml"]


async def test_another_guides_file_is_left_alone_and_the_app_runs_read_only(
    make_app, state_path, clock
):
    text = 'format = 1\nguide = "another-guide"\n[topics.x]\nupdated_at = 2026-01-01T00:00:00Z\n'
    state_path.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        text_shown = warning(app)
        assert "Read only" in text_shown and "another guide ('another-guide'" in text_shown
        assert "--state" in text_shown
        assert shown(app, "#status").startswith("✔ Completed")
    assert state_path.read_text(encoding="utf-8") == text
    assert not list(state_path.parent.glob("*.bad-*"))


# The read-only folder needs real permissions. Root ignores them, so as root the session
# runs under setpriv without the capabilities that let root write anywhere.
READ_ONLY_SESSION = """
import asyncio, json, os, sys
from pathlib import Path
from histtui.app import HistTUI
from histtui.guide_check import load_guide
from histtui.progress import ProgressStore
from histtui.session import StudySession
from histtui.widgets.safety import SaveWarning

guide_path, folder = Path(sys.argv[1]), Path(sys.argv[2])


def warning(app):
    bars = app.screen.query(SaveWarning)
    return str(bars.first().render()) if bars and bars.first().display else ""


async def main():
    guide = load_guide(guide_path)
    state = folder / "progress.toml"
    app = HistTUI(StudySession(guide, ProgressStore(state, guide.id)))
    seen = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        seen["warning"] = warning(app)
        seen["in_memory"] = app.session.progress.is_complete(guide.topics[0].id)
        seen["file_after_first_change"] = state.exists()
        os.chmod(folder, 0o755)
        await pilot.press("n", "c")
        await pilot.pause()
        seen["warning_after"] = warning(app)
    print(json.dumps(seen))


asyncio.run(main())
"""

CAPS = "-dac_override,-dac_read_search,-fowner"


def unprivileged(command: list[str]) -> list[str]:
    """Run `command` so that file permissions apply to it, even as root."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is not installed")
    return [setpriv, f"--inh-caps={CAPS}", f"--bounding-set={CAPS}", *command]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_data_folder(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    script = tmp_path / "session.py"
    script.write_text(READ_ONLY_SESSION, encoding="utf-8")
    result = subprocess.run(
        unprivileged([sys.executable, str(script), str(SMALL_GUIDE), str(folder)]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert f"cannot write to {folder} (the folder is read-only for you)" in seen["warning"]
    assert "--state" in seen["warning"]
    assert seen["in_memory"] and not seen["file_after_first_change"]
    assert seen["warning_after"] == ""
    topics = saved(folder / "progress.toml")["topics"]
    assert set(topics) == {"big-three-aims", "versailles-terms"}


UNREADABLE_FILE = """
import sys
from pathlib import Path
from histtui.progress import ProgressStore, utc_now

store = ProgressStore(Path(sys.argv[1]), "g")
progress = store.load()
print(store.save_error)
progress.set_complete("a", True, utc_now())
store.save(progress)
print(store.save_error)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_progress_file_that_cannot_be_read_is_never_written_over(tmp_path):
    state = tmp_path / "progress.toml"
    original = b'format = 1\nguide = "g"\n[topics.x]\nupdated_at = 2026-01-01T00:00:00Z\n'
    state.write_bytes(original)
    state.chmod(0o000)
    result = subprocess.run(
        unprivileged([sys.executable, "-c", UNREADABLE_FILE, str(state)]),
        capture_output=True,
        text=True,
        timeout=60,
    )
    state.chmod(0o644)
    assert result.returncode == 0, result.stderr
    on_load, on_save = result.stdout.splitlines()
    assert on_load.startswith(f"Not saved: cannot read {state} (Permission denied)")
    assert on_save == on_load
    assert state.read_bytes() == original


async def test_an_unreadable_file_at_startup_is_set_aside_and_the_app_says_where(
    make_app, state_path, monkeypatch
):
    state_path.write_bytes(b'format = 1\nguide = "small-guide"\n[topics.big-three-aims]\nupda')
    app = make_app()
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **options: told.append(message))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        (moved,) = state_path.parent.glob("progress.toml.bad-*")
        assert told == [
            f"Your progress file could not be read (Expected '=' after a key in a key/value "
            f"pair (at end of document)). It was moved to {moved} and a fresh one begins."
        ]
        assert warning(app) == "", "saving works: a fresh file began"
    assert "completed_at" in saved(state_path)["topics"]["big-three-aims"]


async def test_a_newer_format_runs_read_only_with_a_standing_warning(make_app, state_path):
    text = 'format = 99\nguide = "small-guide"\n[future]\nthing = 1\n'
    state_path.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "o")
        await pilot.pause()
        assert "written by a newer histtui (format 99)" in warning(app)
        assert overall_progress(app) == "20% Complete   1/5 Steps"
    assert state_path.read_text(encoding="utf-8") == text

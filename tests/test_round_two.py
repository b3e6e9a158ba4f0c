"""Issue #12, second round: what the first fixes left (a BOM, `format = true`, links where
the progress file and its lock go, keys typed while quitting)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from textual import events

from histtui.progress import ProgressStore
from histtui.statefile import Refused, read_progress

GOOD = """format = 1
guide = "g"

[topics.a]
updated_at = 2026-03-01T09:00:00Z
completed_at = 2026-03-01T09:00:00Z
"""


def test_a_byte_order_mark_at_the_start_of_a_progress_file_is_read_not_set_aside(
    tmp_path: Path, clock
):
    path = tmp_path / "progress.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    store = ProgressStore(path, "g", clock)
    progress = store.load()
    assert progress.is_complete("a")
    assert not store.notices and not list(tmp_path.glob("*.bad-*"))
    assert read_progress(path, "g").is_complete("a")
    store.save(progress)
    assert store.save_error is None
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), "written back without one"


def test_format_true_is_not_format_one(tmp_path: Path, clock):
    path = tmp_path / "progress.toml"
    path.write_text(GOOD.replace("format = 1", "format = true"), encoding="utf-8")
    with pytest.raises(Refused):
        read_progress(path, "g")
    store = ProgressStore(path, "g", clock)
    progress = store.load()
    assert not progress.is_complete("a")
    assert len(list(tmp_path.glob("progress.toml.bad-*"))) == 1, "set aside, kept"
    assert "unknown format" in store.notices[0]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_progress_file_that_is_a_symlink_is_written_through_to_its_target(tmp_path: Path, clock):
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    target = stick / "progress.toml"
    target.write_text(GOOD, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    link = data / "g.toml"
    link.symlink_to(target)
    store = ProgressStore(link, "g", clock)
    progress = store.load()
    for topic in ("b", "c"):  # a second save too: the stick sees every one
        progress.set_complete(topic, True, clock())
        store.save(progress)
        assert store.save_error is None
        assert link.is_symlink(), "the link is still a link"
        assert ProgressStore(target, "g", clock).load().is_complete(topic)
    assert not list(data.glob("*.tmp")) and not list(stick.glob("*.tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_lock_file_planted_as_a_symlink_creates_nothing_where_it_points(tmp_path: Path, clock):
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir()
    victim = elsewhere / "created-by-histtui"
    path = tmp_path / "progress.toml"
    store = ProgressStore(path, "g", clock)
    store.lock_path.symlink_to(victim)
    progress = store.load()
    progress.set_complete("a", True, clock())
    store.save(progress)
    assert not victim.exists(), "no file was created where the planted link points"
    assert store.lock_path.is_symlink()
    assert not path.exists(), "nothing is written without the lock"
    assert store.save_error, "the student is told the progress is not saved"
    assert os.path.lexists(store.lock_path)


async def test_q_then_t_typed_fast_quits_without_an_error(make_app):
    # Typed fast, both keys arrive in one read from the terminal: the driver posts both
    # before either is handled (pilot.press would wait for `q` to be handled first).
    for second in ("t", "question_mark", "slash", "r"):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            for key, character in (
                ("q", "q"),
                (second, "?" if second == "question_mark" else None),
            ):
                app.post_message(events.Key(key, character or (key if len(key) == 1 else None)))
            await pilot.pause()
        assert app.return_code == 0, f"q then {second}: {app.return_code}"
        assert app.session.saved

"""Two histtuis on one progress file take turns under a lock, and lose nothing of each other's.

The lock is an OS lock (flock / msvcrt) on `<name>.lock`: a holder that dies releases it.
It is the lock the `filelock` library takes, which histtui used before: a histtui of either
kind and the other exclude each other (the holders here take it with filelock).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from histtui.filesafety import LockBusy, locked
from histtui.progress import ProgressStore

ROUNDS = 120

# One histtui instance after another: each round loads the file afresh, makes its changes
# and saves, so a change lost to the other process is lost for good (nothing re-adds it).
WORKER = """
import sys, time
from pathlib import Path
from histtui.progress import ProgressStore, Review, utc_now

path, name, rounds, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
while not go.exists():
    time.sleep(0.001)
for i in range(rounds):
    # A generous wait: on a loaded machine one worker can hold the lock round after round;
    # this test is about losing nothing, not about how long a turn takes.
    store = ProgressStore(path, "g")
    progress = store.load()
    now = utc_now()
    key = f"{name}-{i}"
    progress.set_complete(key, True, now)
    progress.set_note(key, f"note {i} from {name}", now)
    progress.set_bookmark(key, True, now)
    progress.reviews.append(Review(f"{key}#1", 3, now))
    # A save that finds the other worker holding the lock is not forced: it is tried
    # again, as the app's retry timer does.
    store.save(progress)
    while store.pending:
        time.sleep(0.001)
        store.save(progress)
    assert store.save_error is None, store.save_error
    assert not store.notices, store.notices
print("done", flush=True)
"""

HOLDER = """
import sys, time
from pathlib import Path
from filelock import FileLock

lock = FileLock(sys.argv[1])
lock.acquire(timeout=5)
print("locked", flush=True)
time.sleep(60)
"""


def start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_saving_to_one_file_lose_nothing(tmp_path: Path):
    path = tmp_path / "progress.toml"
    go = tmp_path / "go"
    workers = [start(WORKER, str(path), name, str(ROUNDS), str(go)) for name in ("ann", "bob")]
    time.sleep(0.3)  # both are waiting at the start line
    go.touch()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert out.strip() == "done"
    final = ProgressStore(path, "g").load()
    for name in ("ann", "bob"):
        for i in range(ROUNDS):
            key = f"{name}-{i}"
            assert final.is_complete(key), f"completion {key} was lost"
            assert final.note(key) == f"note {i} from {name}", f"note {key} was lost"
            assert final.is_bookmarked(key), f"bookmark {key} was lost"
    assert len(final.reviews) == 2 * ROUNDS, "reviews were lost"


def holder(lock_path: Path) -> subprocess.Popen[str]:
    process = start(HOLDER, str(lock_path))
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_lock_whose_holder_was_killed_is_free_at_once(tmp_path: Path, clock):
    store = ProgressStore(tmp_path / "progress.toml", "g", clock)
    process = holder(store.lock_path)
    with pytest.raises(LockBusy), locked(store.lock_path):
        pass  # the live holder has the lock
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    with locked(store.lock_path):  # a dead holder's lock must not block
        pass
    progress = store.load()
    progress.set_complete("a", True, clock())
    store.save(progress)
    assert store.save_error is None and not store.notices


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP is POSIX")
def test_a_stuck_holder_delays_a_save_which_is_tried_again_not_forced(tmp_path: Path, clock):
    store = ProgressStore(tmp_path / "progress.toml", "g", clock)
    process = holder(store.lock_path)
    os.kill(process.pid, signal.SIGSTOP)  # alive, holding the lock, doing nothing
    try:
        progress = store.load()
        progress.set_complete("a", True, clock())
        started = time.monotonic()
        store.save(progress)
        assert time.monotonic() - started < 0.5, "a save never waits for the lock"
        assert store.pending, "the save waits for its turn"
        assert not store.path.exists(), "nothing is written without the lock"
    finally:
        process.kill()
        process.wait(timeout=10)
    store.save(progress)
    assert not store.pending and store.save_error is None
    assert ProgressStore(store.path, "g", clock).load().is_complete("a")


def test_temp_files_left_by_a_killed_save_are_cleared_later(tmp_path: Path, clock):
    store = ProgressStore(tmp_path / "progress.toml", "g", clock)
    old = tmp_path / ".progress.toml.abc123.tmp"
    fresh = tmp_path / ".progress.toml.def456.tmp"
    old.write_bytes(b"half a fi")
    fresh.write_bytes(b"being writ")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    store.save(store.load())
    assert not old.exists(), "an old leftover temp file is removed"
    assert fresh.exists(), "a recent one may be another histtui's save in progress"


FILELOCK_TRY = """
import sys
from filelock import FileLock, Timeout

try:
    FileLock(sys.argv[1]).acquire(timeout=0)
except Timeout:
    print("busy")
else:
    print("taken")
"""


def test_a_histtui_holding_the_lock_keeps_out_one_that_takes_it_with_filelock(tmp_path: Path):
    lock_path = tmp_path / "progress.toml.lock"
    with locked(lock_path):
        assert filelock_try(lock_path) == "busy"
    assert filelock_try(lock_path) == "taken", "released when the block ends"


def filelock_try(lock_path: Path) -> str:
    """What another process finds when it takes the lock with filelock: "busy" or "taken"."""
    run = subprocess.run(
        [sys.executable, "-c", FILELOCK_TRY, str(lock_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return run.stdout.strip()


def test_waiting_for_the_lock_gives_up_after_the_time_given(tmp_path: Path):
    lock_path = tmp_path / "progress.toml.lock"
    process = holder(lock_path)
    try:
        started = time.monotonic()
        with pytest.raises(LockBusy), locked(lock_path, wait=0.3):
            pass
        assert 0.3 <= time.monotonic() - started < 5
    finally:
        process.kill()
        process.wait(timeout=10)

"""Killed at any moment: the progress file always parses and holds every acknowledged change.

A child process saves in a loop, acknowledging each save on a pipe once `save()` returned;
it is killed with SIGKILL at a random moment, a few hundred times over.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sys
import tomllib
from pathlib import Path

import pytest

from histtui.progress import Progress, ProgressStore, utc_now

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")

ROUNDS = 300
KEYS = 8


def saver(path: Path, round_number: int, acks: int) -> None:
    """The child: save, acknowledge, save again, ... until killed. Never returns."""
    try:
        store = ProgressStore(path, "g")
        progress = store.load()
        if store.notices or store.save_error:
            os.write(acks, f"trouble {store.notices} {store.save_error}\n".encode())
        for i in range(10**9):
            now = utc_now()
            if i == 0:
                progress.set_complete(f"round-{round_number}", True, now)
            sequence = round_number * 1_000_000 + i
            progress.set_note(f"n{i % KEYS}", str(sequence), now)
            store.save(progress)
            if store.save_error:
                os.write(acks, f"trouble {store.save_error}\n".encode())
            os.write(acks, f"{sequence}\n".encode())
    finally:
        os._exit(1)


def read_acks(fd: int, at_least: int) -> bytes:
    """Read acknowledgements until `at_least` lines have come (or the pipe closes)."""
    data = b""
    while data.count(b"\n") < at_least:
        ready, _, _ = select.select([fd], [], [], 10)
        assert ready, "the saving child stopped acknowledging"
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data


def test_sigkill_during_saves_never_loses_an_acknowledged_change(tmp_path: Path):
    path = tmp_path / "progress.toml"
    ProgressStore(path, "g").save(Progress("g"))  # warm up every import before forking
    rng = random.Random(20260301)
    acknowledged: dict[str, int] = {}
    rounds_acknowledged: set[int] = set()
    for round_number in range(ROUNDS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            saver(path, round_number, write_end)
        os.close(write_end)
        try:
            data = read_acks(read_end, rng.randint(0, 2))
            # Kill somewhere in the next save: before, during the write, or after.
            deadline = rng.uniform(0, 0.004)
            select.select([], [], [], deadline)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            data += read_acks(read_end, 10**9)
        finally:
            os.close(read_end)
        for line in data.decode().splitlines():
            assert not line.startswith("trouble"), line
            sequence = int(line)
            acknowledged[f"n{sequence % 1_000_000 % KEYS}"] = sequence
            rounds_acknowledged.add(round_number)

        on_disk = Progress.from_toml(tomllib.loads(path.read_text(encoding="utf-8")))
        for key, sequence in acknowledged.items():
            assert int(on_disk.note(key)) >= sequence, f"round {round_number}: lost {key}"
        for done in rounds_acknowledged:
            assert on_disk.is_complete(f"round-{done}"), f"round {round_number}: lost {done}"
    assert not list(tmp_path.glob("*.bad-*")), "the file never needed setting aside"
    assert len(rounds_acknowledged) > ROUNDS // 2, "most rounds saved something before the kill"
    leftovers = list(tmp_path.glob(".progress.toml.*.tmp"))
    assert leftovers, "some kills landed in the middle of writing the temp file"

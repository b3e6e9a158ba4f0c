"""Keys typed into histtui on a pseudo-terminal, timed until the screen shows their answer.

This is the in-app latency as a student sees it: the clock starts as the key's byte is
written to the terminal and stops when the last byte of the frame that shows the answer
has come out of it (Textual writes a frame with one write; the chunks of one frame reach
the reader within microseconds of each other, and a frame after it comes a refresh later).
Nothing inside histtui is timed or changed: it is the `histtui` command as installed.
"""

from __future__ import annotations

import os
import re
import select
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from histtui.guide import Guide, Topic

ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])"
)
"""Terminal escape sequences (CSI, OSC, DCS, two-byte): stripped to read the screen's text."""

SAME_FRAME = 0.005
"""Chunks of output closer together than this (seconds) are taken as one frame's."""


def open_pty(columns: int, rows: int) -> tuple[int, int]:
    """A new pseudo-terminal of `columns` x `rows`: (master, slave) file descriptors."""
    import fcntl
    import pty
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


class PtyChild:
    """A child process on a pseudo-terminal whose output is read, and timed, as it comes."""

    def __init__(
        self, argv: Sequence[str], env: dict[str, str], columns: int = 100, rows: int = 30
    ) -> None:
        self.master, slave = open_pty(columns, rows)
        self.output = bytearray()
        self.chunks: list[tuple[float, int]] = []
        """(perf_counter when read, length of the output after it), in order."""
        self.arrived = threading.Condition()
        self.done = threading.Event()
        self.process = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        """Read the child's output until it ends (the reader thread)."""
        while not self.done.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            now = time.perf_counter()
            if not chunk:
                break
            with self.arrived:
                self.output.extend(chunk)
                self.chunks.append((now, len(self.output)))
                self.arrived.notify_all()
        with self.arrived:
            self.done.set()
            self.arrived.notify_all()

    def text_since(self, offset: int) -> bytes:
        """What the child has written since `offset`, without escape sequences."""
        return ESCAPES.sub(b"", bytes(self.output[offset:]))

    def wait(self, ready: Callable[[], bool], timeout: float) -> None:
        """Wait until `ready()` holds (checked as output arrives), or fail after `timeout`."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not ready():
                left = deadline - time.monotonic()
                if left <= 0 or self.done.is_set():
                    tail = self.output[-2000:].decode("utf-8", "replace")
                    raise RuntimeError(f"the child did not answer in time:\n{tail}")
                self.arrived.wait(min(left, 0.05))

    def wait_quiet(self, quiet: float, timeout: float = 10.0) -> None:
        """Wait until the child has written nothing for `quiet` seconds."""

        def still() -> bool:
            last = self.chunks[-1][0] if self.chunks else 0.0
            return time.perf_counter() - last >= quiet

        self.wait(still, timeout)

    def shown(self, text: bytes, offset: int, timeout: float = 10.0) -> float:
        """Wait until `text` is in the output after `offset`; when the frame that showed it ended.

        The frame's end is the last of the chunks read one after another (less than
        SAME_FRAME apart) from the chunk that completed `text`.
        """
        self.wait(lambda: text in self.text_since(offset), timeout)
        # The frame may still be coming: wait until it has stopped.
        self.wait_quiet(SAME_FRAME * 4)
        with self.arrived:
            chunks = [(at, end) for at, end in self.chunks if end > offset]
        first = next(
            index
            for index, (_, end) in enumerate(chunks)
            if text in ESCAPES.sub(b"", bytes(self.output[offset:end]))
        )
        ended = chunks[first][0]
        for at, _ in chunks[first + 1 :]:
            if at - ended >= SAME_FRAME:
                break
            ended = at
        return ended

    def press(self, data: bytes) -> tuple[int, float]:
        """Type `data`; the output's length before it, and the time it was written."""
        with self.arrived:
            offset = len(self.output)
        written = time.perf_counter()
        os.write(self.master, data)
        return offset, written

    def close(self, endings: Sequence[bytes] = (b"\x11", b"\x03")) -> int:
        """End the child (each of `endings` typed in turn, then a kill); its exit status."""
        for ending in endings:
            if self.process.poll() is not None:
                break
            try:
                os.write(self.master, ending)
            except OSError:
                break
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                continue
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.done.set()
        self.reader.join(timeout=5)
        os.close(self.master)
        return self.process.returncode

    def __enter__(self) -> PtyChild:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def where_marker(topic: Topic) -> bytes:
    """What the reader's top line says of `topic` alone: "topic 3/20 ·" (TopicView)."""
    topics = topic.chapter.topics
    return f"topic {topics.index(topic) + 1}/{len(topics)} ·".encode()


def exam_date_asked(guide: Guide, state: Path) -> None:
    """Write a progress file for `guide` at `state` in which the exam date has been asked,
    as after a student's first start, so no question is on screen while keys are timed."""
    from histtui.progress import ProgressStore
    from histtui.session import StudySession

    StudySession(guide, ProgressStore(state, guide.id)).set_exam_date(None)


def next_topic_on_pty(
    argv: Sequence[str],
    env: dict[str, str],
    guide: Guide,
    classify: Callable[[Topic], str],
    samples: int = 20,
    warmups: int = 5,
    pause: float = 0.15,
    marker: Callable[[Topic], bytes] = where_marker,
) -> dict[str, list[float]]:
    """Seconds from `n` typed to the frame showing the next topic, grouped by
    `classify(next topic)`: histtui as `argv` starts it, reading `guide` from its first topic.

    `argv`'s progress file must be new but for the exam date (see exam_date_asked), so that
    enter on the Smart Guide opens the first topic; `marker(topic)` is the text that shows
    the topic is on screen. Between keys the screen stays still for `pause` seconds, as
    while a student reads; the first `warmups` presses are not kept.
    """
    found: dict[str, list[float]] = {}
    groups = {classify(topic) for topic in guide.topics}
    with PtyChild(argv, env) as child:
        child.shown(b"Steps", 0, timeout=60.0)
        child.wait_quiet(pause)
        topic = guide.topics[0]
        offset, _ = child.press(b"\r")
        child.shown(marker(topic), offset)
        pressed = 0
        while any(len(found.get(group, [])) < samples for group in groups):
            target = guide.next_topic(topic)
            if target is None:
                raise RuntimeError("the guide ran out of topics before enough samples")
            child.wait_quiet(pause)
            offset, written = child.press(b"n")
            ended = child.shown(marker(target), offset)
            pressed += 1
            if pressed > warmups:
                found.setdefault(classify(target), []).append(ended - written)
            topic = target
    return found


def bare_key_on_pty(
    argv: Sequence[str], env: dict[str, str], samples: int, warmups: int = 5, pause: float = 0.15
) -> list[float]:
    """Seconds from `n` to the frame showing its answer in bench/bare_key_app.py (`argv`)."""
    found: list[float] = []
    with PtyChild(argv, env) as child:
        child.shown(b"Steps", 0, timeout=60.0)
        for number in range(2, samples + warmups + 2):
            child.wait_quiet(pause)
            offset, written = child.press(b"n")
            ended = child.shown(f"topic {number}/20 ·".encode(), offset)
            if number - 1 > warmups:
                found.append(ended - written)
    return found

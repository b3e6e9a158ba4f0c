"""What a student owns, kept in a TOML file: completed topics, notes, bookmarks, flashcards.

Plain Python with no Textual import. Every record is keyed by topic id, so a guide can be
retitled or reordered without losing anything, and records of topics that leave the guide
stay in the file. Saving takes a lock beside the file (so two histtuis on one file take
turns), re-reads the file and merges (the later change to each record wins), then writes
atomically: a temp file in the same folder, fsync, `os.replace`, fsync of the folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import glob
import os
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from histtui.textclean import clean_text

FORMAT = 1
"""The newest progress-file format this version reads and writes."""

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The time now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def percent(done: int, total: int) -> int:
    """Whole-number percentage, rounded down so that 100% means everything is done."""
    return done * 100 // total if total else 0


class ProgressError(Exception):
    """A progress file could not be understood."""


@dataclass
class TopicRecord:
    """A student's record of one topic: complete or not, and since when."""

    updated_at: dt.datetime
    completed_at: dt.datetime | None = None

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        table: dict[str, Any] = {"updated_at": self.updated_at}
        if self.completed_at is not None:
            table["completed_at"] = self.completed_at
        return table

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> TopicRecord:
        """Read this record from a TOML table."""
        completed = table.get("completed_at")
        return cls(
            _time(table.get("updated_at"), where),
            None if completed is None else _time(completed, where),
        )


@dataclass
class Note:
    """Text the student wrote: a note on a topic, or an exam answer plan. Empty when deleted."""

    updated_at: dt.datetime
    text: str = ""

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, "text": self.text}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> Note:
        """Read this record from a TOML table."""
        text = table.get("text", "")
        if not isinstance(text, str):
            raise ProgressError(f"{where}.text is not a string")
        return cls(_time(table.get("updated_at"), where), text)


@dataclass
class Flag:
    """A yes/no mark on a topic, such as "revise again"."""

    updated_at: dt.datetime
    on: bool = False

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, "on": self.on}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> Flag:
        """Read this record from a TOML table."""
        on = table.get("on", False)
        if not isinstance(on, bool):
            raise ProgressError(f"{where}.on is not true or false")
        return cls(_time(table.get("updated_at"), where), on)


@dataclass
class CardRecord:
    """A flashcard's spaced-repetition state (the scheduler's own fields, kept as they are)."""

    updated_at: dt.datetime
    state: dict[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        """This record as a TOML table."""
        return {"updated_at": self.updated_at, **self.state}

    @classmethod
    def from_toml(cls, table: dict[str, Any], where: str) -> CardRecord:
        """Read this record from a TOML table."""
        state = {key: value for key, value in table.items() if key != "updated_at"}
        return cls(_time(table.get("updated_at"), where), state)


@dataclass(frozen=True)
class Review:
    """One grading of one flashcard, for the review log."""

    card: str
    rating: int
    at: dt.datetime

    def to_toml(self) -> dict[str, Any]:
        """This entry as a TOML table."""
        return {"card": self.card, "rating": self.rating, "at": self.at}

    @classmethod
    def from_toml(cls, table: Any, where: str) -> Review:
        """Read this entry from a TOML table."""
        card, rating = _table(table, where).get("card"), table.get("rating")
        if not isinstance(card, str) or not isinstance(rating, int):
            raise ProgressError(f"{where} needs a card and a rating")
        return cls(card, rating, _time(table.get("at"), where))


@dataclass
class Stamped:
    """A setting with the time it was last changed, so that merges keep the later one."""

    value: str
    updated_at: dt.datetime


Record = TopicRecord | Note | Flag | CardRecord
COLLECTIONS: dict[str, type[TopicRecord] | type[Note] | type[Flag] | type[CardRecord]] = {
    "topics": TopicRecord,
    "notes": Note,
    "bookmarks": Flag,
    "cards": CardRecord,
    "plans": Note,
}
"""Each keyed collection of records in a progress file, and the type of its records."""


@dataclass
class Progress:
    """Everything a student has done in one guide, keyed by topic (or card, or question) id."""

    guide_id: str
    topics: dict[str, TopicRecord] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    bookmarks: dict[str, Flag] = field(default_factory=dict)
    cards: dict[str, CardRecord] = field(default_factory=dict)
    plans: dict[str, Note] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    last_topic: Stamped | None = None
    theme: Stamped | None = None

    def is_complete(self, topic_id: str) -> bool:
        """Whether the student has marked this topic complete."""
        record = self.topics.get(topic_id)
        return record is not None and record.completed_at is not None

    def set_complete(self, topic_id: str, complete: bool, now: dt.datetime) -> None:
        """Mark a topic complete or incomplete."""
        record = self.topics.get(topic_id)
        if record is None:
            record = self.topics[topic_id] = TopicRecord(now)
        record.updated_at = now
        if complete and record.completed_at is None:
            record.completed_at = now
        elif not complete:
            record.completed_at = None

    def count_complete(self, topic_ids: Iterable[str]) -> int:
        """How many of these topics are complete."""
        return sum(1 for topic_id in topic_ids if self.is_complete(topic_id))

    def note(self, topic_id: str) -> str:
        """The student's note on a topic ("" if none)."""
        note = self.notes.get(topic_id)
        return note.text if note else ""

    def set_note(self, topic_id: str, text: str, now: dt.datetime) -> None:
        """Save the student's note on a topic; an empty note deletes it."""
        self.notes[topic_id] = Note(now, text)

    def plan(self, question_key: str) -> str:
        """The student's answer plan for an exam question ("" if none)."""
        plan = self.plans.get(question_key)
        return plan.text if plan else ""

    def set_plan(self, question_key: str, text: str, now: dt.datetime) -> None:
        """Save the student's answer plan for an exam question."""
        self.plans[question_key] = Note(now, text)

    def is_bookmarked(self, topic_id: str) -> bool:
        """Whether the topic is marked "revise again"."""
        flag = self.bookmarks.get(topic_id)
        return flag is not None and flag.on

    def set_bookmark(self, topic_id: str, on: bool, now: dt.datetime) -> None:
        """Mark or unmark a topic "revise again"."""
        self.bookmarks[topic_id] = Flag(now, on)

    def absorb(self, other: Progress) -> None:
        """Take on `other`'s records in place, so that everyone holding this object sees them."""
        for name in (*COLLECTIONS, "reviews", "last_topic", "theme"):
            setattr(self, name, getattr(other, name))

    def merge(self, other: Progress) -> Progress:
        """A new Progress holding, for each record, the later of this one's and `other`'s."""
        merged = Progress(self.guide_id)
        for name in COLLECTIONS:
            mine: dict[str, Record] = getattr(self, name)
            result: dict[str, Record] = dict(getattr(other, name))
            for key, record in mine.items():
                theirs = result.get(key)
                if theirs is None or record.updated_at >= theirs.updated_at:
                    result[key] = record
            setattr(merged, name, result)
        merged.reviews = sorted(set(self.reviews) | set(other.reviews), key=lambda r: r.at)
        merged.last_topic = _later(self.last_topic, other.last_topic)
        merged.theme = _later(self.theme, other.theme)
        return merged

    def to_toml(self) -> dict[str, Any]:
        """The file's contents, as a TOML document."""
        document: dict[str, Any] = {"format": FORMAT, "guide": self.guide_id}
        for name in ("last_topic", "theme"):
            stamped: Stamped | None = getattr(self, name)
            if stamped is not None:
                document[name] = {"value": stamped.value, "updated_at": stamped.updated_at}
        for name in COLLECTIONS:
            records: dict[str, Record] = getattr(self, name)
            document[name] = {key: records[key].to_toml() for key in sorted(records)}
        document["reviews"] = [review.to_toml() for review in self.reviews]
        return document

    @classmethod
    def from_toml(cls, document: dict[str, Any]) -> Progress:
        """Read a parsed progress file; raise ProgressError if it is not one we understand."""
        guide_id = document.get("guide")
        if not isinstance(guide_id, str):
            raise ProgressError("no guide id")
        progress = cls(guide_id)
        for name in ("last_topic", "theme"):
            if name in document:
                entry = _table(document[name], name)
                value = entry.get("value")
                if not isinstance(value, str):
                    raise ProgressError(f"{name}.value is not a string")
                setattr(progress, name, Stamped(value, _time(entry.get("updated_at"), name)))
        for name, record_type in COLLECTIONS.items():
            records = getattr(progress, name)
            for key, raw in _table(document.get(name, {}), name).items():
                where = f"{name}.{key}"
                records[key] = record_type.from_toml(_table(raw, where), where)
        reviews = document.get("reviews", [])
        if not isinstance(reviews, list):
            raise ProgressError("reviews is not a list")
        progress.reviews = [
            Review.from_toml(raw, f"reviews[{index}]") for index, raw in enumerate(reviews)
        ]
        return progress


def _later(mine: Stamped | None, theirs: Stamped | None) -> Stamped | None:
    if mine is None or theirs is None:
        return mine or theirs
    return mine if mine.updated_at >= theirs.updated_at else theirs


def _table(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProgressError(f"{name} is not a table")
    return value


def _time(value: Any, name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise ProgressError(f"{name} is not a date and time")
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


LOCK_TIMEOUT = 5.0
"""Seconds a save waits for another histtui's lock before saving anyway.

A holder that dies (crash, SIGKILL, power cut of its terminal) releases the lock at once: the
operating system drops it with the process. Only a holder that is alive but stuck (stopped
with ctrl+z in the middle of a save) can make a save wait this long.
"""

STALE_TEMP_SECONDS = 60.0
"""Temp files older than this, left by a histtui killed mid-save, are removed at the next save."""

Writer = Callable[[Path, bytes], None]


class ProgressStore:
    """Loads and saves one guide's progress file.

    A file that cannot be read is moved aside (never overwritten or deleted) and a fresh
    one begins; a file from a newer histtui, or another guide's file, is left alone and
    nothing is saved over it (`read_only`). A save that fails keeps the progress in memory
    and says why in `save_error` until a later save succeeds. One-off events are kept in
    `notices` for the app to show.

    `write` is how the file is written (`write_atomic`); tests pass one that fails the way a
    full disk does.
    """

    def __init__(
        self,
        path: Path,
        guide_id: str,
        clock: Clock = utc_now,
        *,
        write: Writer | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.path = path
        self.guide_id = guide_id
        self.clock = clock
        self.write: Writer = write or write_atomic
        self.lock_timeout = lock_timeout
        self.notices: list[str] = []
        self.read_only = False
        self.read_only_reason: str | None = None
        self.save_error: str | None = None
        # The file as this store last read or wrote it (inode, size, mtime): while it is
        # still that file, no one else has saved, and there is nothing to merge.
        self._seen: FileStamp | None = None
        self._writer = TomlWriter()

    @property
    def lock_path(self) -> Path:
        """The lock file beside the progress file."""
        return self.path.with_name(f"{self.path.name}.lock")

    def load(self) -> Progress:
        """The progress on disk, or a fresh one when there is none or it could not be read."""
        try:
            with self._locked(required=False):
                on_disk = self._read()
        except OSError as error:
            self.save_error = self._describe(error, writing=False)
            on_disk = None
        return on_disk if on_disk is not None else Progress(self.guide_id)

    def save(self, progress: Progress) -> None:
        """Merge what is on disk now into `progress` (in place) and write the result atomically.

        The whole read-merge-write happens under the lock, so that two histtuis on one file
        take turns and neither loses the other's changes. On failure the progress stays in
        memory and `save_error` says why, until a later save succeeds.
        """
        if self.read_only:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked(required=True):
                # The file is still the one this store last read or wrote: nobody else has
                # saved since, so there is nothing to merge and no need to read it again.
                unchanged = self._seen is not None and self._seen == file_stamp(self.path)
                try:
                    on_disk = None if unchanged else self._read()
                except OSError as error:
                    self.save_error = self._describe(error, writing=False)
                    return
                if self.read_only:
                    return
                if on_disk is not None:
                    progress.absorb(progress.merge(on_disk))
                self.write(self.path, self._writer.dumps(progress.to_toml()).encode("utf-8"))
                self._seen = file_stamp(self.path)
                self._remove_stale_temp_files()
        except OSError as error:
            self.save_error = self._describe(error, writing=True)
        else:
            self.save_error = None

    @contextmanager
    def _locked(self, required: bool) -> Iterator[None]:
        """Hold the lock file; when it cannot even be created, go on without it unless required."""
        lock = FileLock(self.lock_path)
        try:
            lock.open()
        except OSError:
            if required:
                raise
            yield
            return
        try:
            if not lock.acquire(self.lock_timeout):
                self.notices.append(
                    f"Another histtui held {self.lock_path} for over {self.lock_timeout:g} "
                    "seconds without saving; histtui went ahead without it."
                )
            yield
        finally:
            lock.close()

    def _describe(self, error: OSError, writing: bool) -> str:
        """Why a save failed, where, and what the student can do."""
        reasons = {
            errno.ENOSPC: "the disk is full",
            errno.EROFS: "the folder is read-only",
            errno.EACCES: "the folder is read-only for you",
            errno.EPERM: "the folder is read-only for you",
            errno.ENOTDIR: "the folder is missing and cannot be created",
            errno.ENOENT: "the folder is missing and cannot be created",
            errno.EEXIST: "the folder is missing and cannot be created",  # a file is there
        }
        quota = getattr(errno, "EDQUOT", None)
        if quota is not None:
            reasons[quota] = "your disk quota is full"
        if writing:
            reason = reasons.get(error.errno or 0, error.strerror or str(error))
            problem = f"cannot write to {self.path.parent} ({reason})"
        else:
            problem = f"cannot read {self.path} ({error.strerror or error})"
        return (
            f"Not saved: {problem}. histtui keeps your progress and saves it as soon as it "
            "can; to save it elsewhere, quit and start histtui with --state FILE."
        )

    def _read(self) -> Progress | None:
        """The progress in the file; None if there is none or it was set aside.

        Raises OSError when the file is there but cannot be read: then nothing may be written
        over it.
        """
        self._seen = None
        try:
            with self.path.open("rb") as handle:
                seen = stamp(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None
        try:
            document = tomllib.loads(raw.decode("utf-8"))
            version = document.get("format")
            if isinstance(version, int) and version > FORMAT:
                self._leave_alone(f"{self.path} was written by a newer histtui (format {version})")
                return None
            if version != FORMAT:
                raise ProgressError(f"unknown format {version!r}")
            progress = Progress.from_toml(document)
        except RecursionError:
            self._move_aside("nested too deeply")
            return None
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ProgressError) as error:
            self._move_aside(clean_text(str(error)))
            return None
        if progress.guide_id != self.guide_id:
            self._leave_alone(
                f"{self.path} holds progress for another guide "
                f"({clean_text(progress.guide_id)!r}, not {self.guide_id!r})"
            )
            return None
        self._seen = seen
        return progress

    def _leave_alone(self, why: str) -> None:
        """Never write over this file again in this session, and say so."""
        if self.read_only:
            return
        self.read_only = True
        self.read_only_reason = (
            f"Read only: {why}. It is left untouched and nothing you do now is saved. "
            "To keep your progress, start histtui with --state FILE."
        )
        self.notices.append(self.read_only_reason)

    def _move_aside(self, reason: str) -> None:
        stamp = self.clock().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.bad-{stamp}-{counter}")
        try:
            os.replace(self.path, target)
        except OSError as error:
            self._leave_alone(
                f"{self.path} could not be read ({reason}) nor moved aside "
                f"({error.strerror or error})"
            )
            return
        self.notices.append(
            f"Your progress file could not be read ({reason}). It was moved to {target} "
            "and a fresh one begins."
        )

    def _remove_stale_temp_files(self) -> None:
        """Remove temp files left by a histtui killed mid-save (old ones only, to be safe)."""
        cutoff = time.time() - STALE_TEMP_SECONDS
        for temp in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
            except OSError:
                # Already removed by someone else, or not ours to remove: it is only litter.
                continue


class FileLock:
    """An exclusive lock between processes on a lock file (flock on POSIX, msvcrt on Windows).

    The operating system releases the lock when its holder exits or is killed, so a dead
    holder never blocks anyone. The lock file itself is left in place: removing it would let
    a waiter and a newcomer both think they hold the lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False
        self._fd: int | None = None

    def open(self) -> None:
        """Open (creating if need be) the lock file; raises OSError if the folder is unwritable."""
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the lock; False if someone alive still holds it."""
        assert self._fd is not None, "open() the lock first"
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            try:
                if _try_lock(self._fd):
                    self.held = True
                    return True
            except OSError as error:
                if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                    # This filesystem cannot lock (some network drives): go on without it.
                    return True
                raise
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def close(self) -> None:
        """Release the lock (if held) and close the file."""
        if self._fd is None:
            return
        try:
            if self.held:
                _unlock(self._fd)
                self.held = False
        finally:
            os.close(self._fd)
            self._fd = None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLOCK):
                return False  # someone else holds it
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


FileStamp = tuple[int, int, int]
"""A file's inode, size and mtime (ns): another save, always to a new inode, changes it."""


def stamp(status: os.stat_result) -> FileStamp:
    """The FileStamp of a file's status."""
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def file_stamp(path: Path) -> FileStamp | None:
    """The FileStamp of the file at `path`, or None if there is none."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


class TomlWriter:
    """Writes a progress document with tomli_w, one record at a time, reusing the text of
    every record that has not changed since the last save.

    With thousands of topic records a save changes one or two of them; formatting all of
    them again (most of it their datetimes) is what made saving slow. The top of the
    document (format, guide, settings, the review log) is written whole each time, then
    each collection's records as `[collection."key"]` tables.
    """

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}

    def dumps(self, document: dict[str, Any]) -> str:
        """The TOML text of a progress document (Progress.to_toml())."""
        top = {name: value for name, value in document.items() if name not in COLLECTIONS}
        parts = [tomli_w.dumps(top)]
        records: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for name in COLLECTIONS:
            collection = document.get(name, {})
            if not collection:
                parts.append(tomli_w.dumps({name: {}}))
            for key, table in collection.items():
                before = self._records.get((name, key))
                if before is not None and before[0] == table:
                    text = before[1]
                else:
                    text = tomli_w.dumps({name: {key: table}})
                records[name, key] = (table, text)
                parts.append(text)
        # Keep only this document's records, so the cache never outgrows the file.
        self._records = records
        return "\n".join(parts)

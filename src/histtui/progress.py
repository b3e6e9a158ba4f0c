"""What a student owns: completed topics and where they were, kept in a TOML file.

Plain Python with no Textual import. Every record is keyed by topic id, so a guide can be
retitled or reordered without losing anything, and records of topics that leave the guide
stay in the file. Saving re-reads the file and merges (the later change to each record
wins), unless it is still the file this store last read or wrote, then writes atomically:
a temp file in the same folder, fsync, `os.replace`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

FORMAT = 1
"""The newest progress-file format this version reads and writes."""

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The time now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class ProgressError(Exception):
    """A progress file could not be understood."""


@dataclass
class TopicRecord:
    """A student's record of one topic."""

    updated_at: dt.datetime
    completed_at: dt.datetime | None = None


@dataclass
class Stamped:
    """A setting with the time it was last changed, so that merges keep the later one."""

    value: str
    updated_at: dt.datetime


@dataclass
class Progress:
    """Everything a student has done in one guide."""

    guide_id: str
    topics: dict[str, TopicRecord] = field(default_factory=dict)
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

    def absorb(self, other: Progress) -> None:
        """Take on `other`'s records in place, so that everyone holding this object sees them."""
        self.topics = other.topics
        self.last_topic = other.last_topic
        self.theme = other.theme

    def merge(self, other: Progress) -> Progress:
        """A new Progress holding, for each record, the later of this one's and `other`'s."""
        topics = dict(other.topics)
        for topic_id, record in self.topics.items():
            theirs = topics.get(topic_id)
            if theirs is None or record.updated_at >= theirs.updated_at:
                topics[topic_id] = record
        return Progress(
            self.guide_id,
            topics,
            _later(self.last_topic, other.last_topic),
            _later(self.theme, other.theme),
        )

    def to_toml(self) -> dict[str, Any]:
        """The file's contents, as a TOML document."""
        document: dict[str, Any] = {"format": FORMAT, "guide": self.guide_id}
        for name in ("last_topic", "theme"):
            stamped: Stamped | None = getattr(self, name)
            if stamped is not None:
                document[name] = {"value": stamped.value, "updated_at": stamped.updated_at}
        topics: dict[str, Any] = {}
        for topic_id, record in sorted(self.topics.items()):
            entry: dict[str, Any] = {"updated_at": record.updated_at}
            if record.completed_at is not None:
                entry["completed_at"] = record.completed_at
            topics[topic_id] = entry
        document["topics"] = topics
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
        for topic_id, raw in _table(document.get("topics", {}), "topics").items():
            entry = _table(raw, f"topics.{topic_id}")
            completed = entry.get("completed_at")
            progress.topics[topic_id] = TopicRecord(
                _time(entry.get("updated_at"), f"topics.{topic_id}.updated_at"),
                None if completed is None else _time(completed, f"topics.{topic_id}"),
            )
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


class ProgressStore:
    """Loads and saves one guide's progress file.

    A file that cannot be read is moved aside (never overwritten or deleted) and a fresh
    one begins; a file from a newer histtui is left alone and nothing is saved over it.
    What happened is kept in `notices` for the app to show.
    """

    def __init__(self, path: Path, guide_id: str, clock: Clock = utc_now) -> None:
        self.path = path
        self.guide_id = guide_id
        self.clock = clock
        self.notices: list[str] = []
        self.read_only = False
        self.save_error: str | None = None
        # The file as this store last read or wrote it (inode, size, mtime): while it is
        # still that file, no one else has saved, and there is nothing to merge.
        self._seen: FileStamp | None = None
        self._writer = TomlWriter()

    def load(self) -> Progress:
        """The progress on disk, or a fresh one when there is none or it could not be read."""
        on_disk = self._read()
        return on_disk if on_disk is not None else Progress(self.guide_id)

    def save(self, progress: Progress) -> None:
        """Merge what is on disk now into `progress` (in place) and write the result atomically.

        On failure the progress stays in memory and `save_error` says why, until a later
        save succeeds.
        """
        if self.read_only:
            return
        if self._seen is None or self._seen != file_stamp(self.path):
            on_disk = self._read()
            if on_disk is not None:
                progress.absorb(progress.merge(on_disk))
        merged = progress
        try:
            self._seen = write_atomic(
                self.path, self._writer.dumps(merged.to_toml()).encode("utf-8")
            )
        except OSError as error:
            self.save_error = (
                f"Could not save progress to {self.path.parent} ({error.strerror or error}); "
                "it is kept in memory. Free some space, or start histtui with --state FILE."
            )
        else:
            self.save_error = None

    def _read(self) -> Progress | None:
        self._seen = None
        try:
            with self.path.open("rb") as handle:
                seen = stamp(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            self.save_error = f"Could not read {self.path}: {error.strerror or error}"
            return None
        try:
            document = tomllib.loads(raw.decode("utf-8"))
            version = document.get("format")
            if isinstance(version, int) and version > FORMAT:
                self.read_only = True
                self.notices.append(
                    f"{self.path} was written by a newer histtui (format {version}); "
                    "it is left untouched and nothing you do now will be saved."
                )
                return None
            if version != FORMAT:
                raise ProgressError(f"unknown format {version!r}")
            progress = Progress.from_toml(document)
            if progress.guide_id != self.guide_id:
                raise ProgressError(f"it belongs to guide {progress.guide_id!r}")
            self._seen = seen
            return progress
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ProgressError) as error:
            self._move_aside(str(error))
            return None

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
            self.read_only = True
            self.notices.append(
                f"{self.path} could not be read ({reason}) nor moved aside "
                f"({error.strerror or error}); nothing will be saved over it."
            )
            return
        self.notices.append(
            f"Your progress file could not be read ({reason}). It was moved to {target} "
            "and a fresh one begins."
        )


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


def write_atomic(path: Path, data: bytes) -> FileStamp:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never half.

    Returns the FileStamp of the file written (a rename keeps its inode and mtime).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
            written = stamp(os.fstat(temp.fileno()))
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
    return written


class TomlWriter:
    """Writes a progress document as TOML, as `tomli_w.dumps` does, but fast when it is big.

    tomli_w takes 20 ms or more for 5,000 topic records, most of it formatting datetimes
    that have not changed since the last save; this keeps the text of each datetime and
    key it has written. A document with anything but tables, strings, whole numbers,
    booleans and datetimes goes to tomli_w.
    """

    def __init__(self) -> None:
        self._texts: dict[object, str] = {}
        # For each table name: each sub-table as last written, and its text.
        self._sections: dict[str, dict[str, tuple[dict[str, Any], str]]] = {}
        self._used: dict[str, dict[str, tuple[dict[str, Any], str]]] = {}

    def dumps(self, document: dict[str, Any]) -> str:
        """The TOML text of `document`."""
        try:
            return self._table(document, "")
        except _Unsupported:
            return tomli_w.dumps(document)
        finally:
            # Keep the sections of this document only, so the cache does not grow forever.
            self._sections, self._used = self._used, {}

    def _table(self, table: dict[str, Any], name: str) -> str:
        lines: list[str] = []
        tables = 0
        for key, value in table.items():
            if isinstance(value, dict):
                tables += 1
            else:
                lines.append(f"{self._key(key)} = {self._value(value)}\n")
        parts: list[str] = []
        if name and (lines or not tables):
            parts.append(f"[{name}]\n" + "".join(lines))
        elif lines:
            parts.append("".join(lines))
        if tables:
            # A sub-table equal to the one written under this name last time has the same
            # text: with thousands of topic records, all but the one just changed.
            previous = self._sections.get(name, {})
            written: dict[str, tuple[dict[str, Any], str]] = {}
            prefix = f"{name}." if name else ""
            for key, value in table.items():
                if not isinstance(value, dict):
                    continue
                before = previous.get(key)
                if before is not None and before[0] == value:
                    text = before[1]
                else:
                    text = self._table(value, prefix + self._key(key))
                written[key] = (value, text)
                parts.append(text)
            self._used[name] = written
        return "\n".join(parts)

    def _key(self, key: str) -> str:
        text = self._texts.get(key)
        if text is None:
            text = key if _BARE_KEY.fullmatch(key) else _basic_string(key)
            self._texts[key] = text
        return text

    def _value(self, value: object) -> str:
        if isinstance(value, str):
            return _basic_string(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, dt.datetime):
            text = self._texts.get(value)
            if text is None:
                text = self._texts[value] = str(value)
            return text
        raise _Unsupported


class _Unsupported(Exception):
    """A value the fast TOML writer leaves to tomli_w."""


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _basic_string(text: str) -> str:
    """A TOML basic string ("...") holding `text`."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    escaped = "".join(
        _ESCAPES.get(char)
        or (f"\\u{ord(char):04x}" if (char < " " and char != "\t") or char == "\x7f" else char)
        for char in text
    )
    return f'"{escaped}"'

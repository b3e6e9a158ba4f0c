"""Keeping files whole: atomic writes, a lock between processes, and file stamps.

Plain Python with no Textual import, shared by the progress store and the guide cache.
A write goes to a temp file in the same folder, is flushed to disk (fsync), and replaces
the old file in one step (`os.replace`), so a crash or a power cut leaves the old file or
the new one, never half of either. The lock is `filelock`'s: an operating-system lock that
dies with its holder, taken without waiting, so that the event loop never blocks on it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FileStamp = tuple[int, int, int]
"""A file's inode, size and mtime (ns): another save, always to a new inode, changes it."""


class LockBusy(Exception):
    """Another histtui holds the lock; try again shortly."""


def stamp(status: os.stat_result) -> FileStamp:
    """The FileStamp of a file's status."""
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def file_stamp(path: Path) -> FileStamp | None:
    """The FileStamp of the file at `path`, or None if there is none."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None


def write_target(path: Path) -> Path:
    """Where a write to `path` lands: the target of a symlink (a progress file kept on a
    USB stick and linked from the data folder stays on the stick), else `path` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never half.

    The folder is made if it is missing. `mode` sets the new file's permissions (default:
    the temp file's 0600, for a student's own files).
    """
    path = write_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            if mode is not None:
                os.chmod(temp.fileno(), mode)
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


@contextmanager
def locked(lock_path: Path, wait: float = 0) -> Iterator[None]:
    """Hold the lock file at `lock_path` for the block; raise LockBusy if another process
    holds it for `wait` seconds (at once by default: the caller tries again later), OSError
    if it cannot be created.

    `filelock` opens the lock file without following symlinks, so a link planted where the
    lock goes cannot make histtui create a file elsewhere. It is imported here, at the first
    save, not at start: the student is not kept waiting for it.
    """
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path, timeout=wait, mode=0o644)
    try:
        lock.acquire()
    except Timeout:
        raise LockBusy(str(lock_path)) from None
    try:
        yield
    finally:
        lock.release()

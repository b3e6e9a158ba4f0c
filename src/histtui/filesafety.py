"""Keeping files whole: atomic writes, a lock between processes, and file stamps.

Plain Python with no Textual import, shared by the progress store and the guide cache.
A write goes to a temp file in the same folder, is flushed to disk (fsync), and replaces
the old file in one step (`os.replace`), so a crash or a power cut leaves the old file or
the new one, never half of either. The lock is an operating-system lock on a file that dies
with its holder, taken without waiting, so that the event loop never blocks on it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
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

    The operating system's lock on the file's first byte (flock, or msvcrt.locking on
    Windows), as the `filelock` library takes it, so that histtuis that used it and this
    one exclude each other; it dies with its holder. The file is opened without following
    symlinks, so a link planted where the lock goes cannot make histtui create a file
    elsewhere. (filelock 4 took 1.3 MiB of memory and 12 ms to import, for these lines.)
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    deadline = time.monotonic() + wait
    while True:
        handle = os.open(lock_path, flags, 0o644)
        try:
            _lock(handle)
            if _still_there(handle, lock_path):
                break
            raise BlockingIOError  # removed by its last holder after we opened it: again
        except BlockingIOError:
            os.close(handle)
            if time.monotonic() >= deadline:
                raise LockBusy(str(lock_path)) from None
            time.sleep(0.05)
        except BaseException:
            os.close(handle)
            raise
    try:
        yield
    finally:
        try:
            _unlock(handle)
        finally:
            os.close(handle)


def _still_there(handle: int, lock_path: Path) -> bool:
    """Whether the file locked is still the one at `lock_path` (a holder may remove it)."""
    try:
        return os.path.samestat(os.fstat(handle), os.stat(lock_path, follow_symlinks=False))
    except OSError:
        return False


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: int) -> None:
        """Take the lock without waiting (BlockingIOError if another process has it)."""
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # what Windows raises for a byte locked elsewhere
            raise BlockingIOError(str(handle)) from None

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: int) -> None:
        """Take the lock without waiting (BlockingIOError if another process has it)."""
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)

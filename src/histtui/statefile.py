"""Files named on the command line that histtui does not own: checked before any is touched.

Plain Python with no Textual import. `--state` may name anything (a guide, /etc/passwd,
/dev/null, a folder); `--guide` may name a device that never ends or a FIFO that never
opens; `--out` may name a folder that is not there. Here is how histtui tells its own files
from everything else, reads with a cap, and writes a report with ordinary permissions.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path

from histtui.progress import FORMAT, Progress, ProgressError
from histtui.textclean import clean_text, escape_unprintable

MIB = 1024 * 1024
GUIDE_LIMIT = 64 * MIB
"""The largest guide histtui reads: a hundred times the bundled one."""
PROGRESS_LIMIT = 32 * MIB
"""The largest progress file histtui reads: more than ten years of study could produce."""

_SNIFF = 64 * 1024
"""How much of a file that does not parse is looked at to tell whether it began as ours."""
_FORMAT_LINE = re.compile(r"^format\s*=\s*\d", re.M)
_GUIDE_LINE = re.compile(r'^guide\s*=\s*"', re.M)


class Refused(Exception):
    """A file histtui will not read or write; the message says which, and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(path: Path | str) -> str:
    """A path as it may appear in a message: any escape or control code in it written out."""
    return escape_unprintable(str(path))


def kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _too_big(path: Path, limit: int) -> str:
    if limit == PROGRESS_LIMIT:
        return (
            f"{shown(path)} is larger than {limit // MIB} MiB, more than ten years of study "
            "could produce: it is not a progress file"
        )
    return f"{shown(path)} is larger than {limit // MIB} MiB, more than any guide should be"


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, if it holds at most `limit` of them.

    Raises Refused for anything else (a folder, device, FIFO or socket is never opened:
    the kind is checked first, and the file is opened without blocking and checked again
    in case it changed in between) and for a file longer than `limit`; OSError when the file
    cannot be read.
    """
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise Refused(f"{shown(path)} is {kind(status.st_mode)}, not a file")
    if status.st_size > limit:
        raise Refused(_too_big(path, limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise Refused(f"{shown(path)} is {kind(status.st_mode)}, not a file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(_too_big(path, limit))
    return data


def guide_problem(path: Path) -> str | None:
    """Why the guide at `path` will not be read (not a regular file, or too big), else None.

    Only the file's status is looked at, so a guide is still read once, by its loader; one
    that cannot be looked at (missing, no permission) is left to the loader to explain.
    """
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return f"{shown(path)} is {kind(status.st_mode)}, not a guide file"
    if status.st_size > GUIDE_LIMIT:
        return _too_big(path, GUIDE_LIMIT)
    return None


def looks_like_progress(data: bytes) -> bool:
    """Whether `data` is recognisably a histtui progress file: empty, or UTF-8 TOML with
    top-level `format` and `guide` keys, or (cut short, or damaged) text that begins like
    one, with a `format = <number>` line and a `guide = "…"` line near its start."""
    if not data.strip():
        return True
    # histtui writes `format` and `guide` first: most files are told by their first lines,
    # without parsing thousands of records (and a damaged or cut-short one only so).
    if _begins_like_progress(data[:_SNIFF].decode("utf-8", errors="replace")):
        return True
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return "format" in document and "guide" in document


def _begins_like_progress(text: str) -> bool:
    if "\x00" in text:
        return False
    head = "\n".join(text.lstrip("\ufeff").splitlines()[:10])
    return bool(_FORMAT_LINE.search(head) and _GUIDE_LINE.search(head))


def state_problem(path: Path, guide_path: Path | None, *, ours: bool = False) -> str | None:
    """Why histtui must not keep progress at `path`, or None if it may.

    Refused: a folder, device, FIFO or socket; the guide file itself; a file over
    PROGRESS_LIMIT; and (unless `ours`, the progress file in histtui's own data folder,
    where a damaged file is set aside as before) an existing file that is not recognisably
    a progress file. No file is there, or it cannot be looked at or read (no permission, a
    file where a folder should be): left to the progress store, which never writes over
    what it cannot read and says why it cannot save.
    """
    try:
        status = os.stat(path)
    except OSError:
        # Missing: fine. A folder on the way that is missing, not a folder or not open to
        # the student: the store keeps the progress in memory and says why it cannot save.
        return None
    if not stat.S_ISREG(status.st_mode):
        return f"{shown(path)} is {kind(status.st_mode)}, not a progress file"
    if guide_path is not None:
        try:
            same = os.path.samefile(path, guide_path)
        except OSError:
            same = path.resolve() == guide_path.resolve()
        if same:
            return f"{shown(path)} is the guide itself; give --state a file of its own"
    if status.st_size > PROGRESS_LIMIT:
        return _too_big(path, PROGRESS_LIMIT)
    if ours:
        return None
    try:
        data = read_capped(path, PROGRESS_LIMIT)
    except Refused as refused:
        return refused.message
    except OSError:
        return None
    if looks_like_progress(data):
        return None
    return (
        f"{shown(path)} is not a histtui progress file; histtui leaves it untouched. "
        "Give --state a new file name, or an existing progress file"
    )


def read_progress(path: Path, guide_id: str) -> Progress:
    """The progress in the file at `path`, read without writing, moving or locking anything.

    No file: a fresh Progress. Raises Refused, saying why, for a file that is not a
    progress file this histtui can read for this guide, or cannot be read at all.
    """
    try:
        data = read_capped(path, PROGRESS_LIMIT)
    except (FileNotFoundError, NotADirectoryError):
        return Progress(guide_id)  # no file there, and so nothing done yet
    except OSError as error:
        raise Refused(f"cannot read {shown(path)}: {error.strerror or error}") from None
    try:
        document = tomllib.loads(data.decode("utf-8-sig"))  # a BOM is no harm
        version = document.get("format")
        if type(version) is int and version > FORMAT:  # `true` is an int too
            raise Refused(
                f"{shown(path)} was written by a newer histtui (format {version}); "
                "export it with that histtui"
            )
        if type(version) is not int or version != FORMAT:
            raise ProgressError(f"unknown format {version!r}")
        progress = Progress.from_toml(document)
    except RecursionError:
        raise Refused(f"{shown(path)} cannot be read: nested too deeply") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ProgressError) as error:
        reason = escape_unprintable(clean_text(str(error)))
        raise Refused(f"{shown(path)} cannot be read: {reason}") from None
    if progress.guide_id != guide_id:
        other = escape_unprintable(clean_text(progress.guide_id))
        raise Refused(
            f"{shown(path)} holds progress for another guide ({other!r}, not {guide_id!r})"
        )
    return progress


def write_report(path: Path, data: bytes, keep: tuple[Path, ...] = ()) -> None:
    """Write a report to `path` atomically, with the permissions of any new file (0o644 less
    the umask) so that whoever it is for can read it, and without creating folders.

    Raises Refused when the folder is missing, `path` is not a regular file (a device, FIFO
    or folder is never replaced) or is one of the files in `keep` (the progress file and
    the guide); OSError when the write fails.
    """
    for precious in keep:
        try:
            same = os.path.samefile(path, precious)
        except OSError:
            continue  # one of them is not there
        if same:
            raise Refused(f"{shown(path)} is {shown(precious)}; give --out a file of its own")
    folder = path.parent
    if not folder.is_dir():
        raise Refused(
            f"the folder {shown(folder)} does not exist; histtui does not create folders "
            "for a report"
        )
    try:
        status = os.stat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(status.st_mode):
            raise Refused(
                f"{shown(path)} is {kind(status.st_mode)}, not a file; leave out --out to "
                "print the report"
            )
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, 0o644 & ~current_umask())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back, as POSIX allows)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

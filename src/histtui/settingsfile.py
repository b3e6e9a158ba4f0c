"""The settings files a student owns, config.toml and keys.toml, read one way (no Textual).

Whatever sits at a settings file's path is opened without blocking (a named pipe there
would otherwise hold histtui at start for ever), and only a regular file is read: the
descriptor itself is checked, so nothing can be swapped in between the check and the read.
At most LIMIT bytes are read, decoded as UTF-8 and parsed as TOML. Every problem is a
SettingsError whose message names the file (any control code in its name written out) and
says what is wrong in the same words for both files.
"""

from __future__ import annotations

import codecs
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from histtui.statefile import kind, shown
from histtui.textclean import clean_text, escape_unprintable

LIMIT = 64 * 1024
"""A settings file is a few lines: a bigger file is not one, and is neither read nor
written over."""

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once, with no writer (POSIX)
    | getattr(os, "O_NOCTTY", 0)  # a terminal device does not become histtui's
    | getattr(os, "O_BINARY", 0)  # Windows: bytes as they are
)


class SettingsError(Exception):
    """A settings file that is there but cannot be used; the message names it and says why."""


def read_settings(path: Path) -> dict[str, Any] | None:
    """The TOML table in the settings file at `path`; None when there is no file there.

    Raises SettingsError when something is there that is not a readable regular file of at
    most LIMIT bytes of UTF-8 TOML (a folder, device or named pipe is never read).
    """
    data = _read(path)
    if data is None:
        return None
    data = data.removeprefix(codecs.BOM_UTF8)  # as Windows Notepad may save it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SettingsError(
            f"{shown(path)} is not UTF-8 text (line {line}); save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = escape_unprintable(clean_text(str(error)))
        raise SettingsError(f"{shown(path)} is not valid TOML: {reason}") from None
    except RecursionError:
        raise SettingsError(f"{shown(path)} is not valid TOML: nested too deeply") from None


def _read(path: Path) -> bytes | None:
    """The bytes of the regular file at `path` (at most LIMIT), or None if there is none."""
    try:
        descriptor = os.open(path, _FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SettingsError(_cannot_open(path, error)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise SettingsError(f"{shown(path)} is {kind(mode)}, not a settings file")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(LIMIT + 1)
    except OSError as error:
        raise SettingsError(_unreadable(path, error)) from None
    finally:
        os.close(descriptor)
    if len(data) > LIMIT:
        raise SettingsError(
            f"{shown(path)} is larger than {LIMIT // 1024} KiB, too big for a settings file"
        )
    return data


def _cannot_open(path: Path, error: OSError) -> str:
    """Why `path` could not be opened: what it is, if it is not a file (Windows will not
    open a folder, POSIX a socket), else the system's reason."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return _unreadable(path, error)
    if not stat.S_ISREG(mode):
        return f"{shown(path)} is {kind(mode)}, not a settings file"
    return _unreadable(path, error)


def _unreadable(path: Path, error: OSError) -> str:
    return f"{shown(path)} cannot be read: {error.strerror or error}"

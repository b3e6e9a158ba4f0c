"""A student's settings: a small TOML file in the user config folder (no Textual).

`~/.config/histtui/config.toml` on Linux, `%LOCALAPPDATA%\\histtui\\config.toml` on
Windows. Each setting is a top-level key; keys histtui does not know (written by a newer
histtui) are kept as they are. A missing, unreadable or damaged file reads as no settings,
and is never written over.

    name = "Ana Lim"     # the student's name on `histtui export` reports
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from platformdirs import user_config_dir

from histtui.filesafety import write_atomic
from histtui.textclean import clean_text

LIMIT = 64 * 1024
"""A config file longer than this is not ours: it is neither read nor written."""

NAME_LENGTH = 80
"""The longest name a report carries."""


def config_path() -> Path | None:
    """The config file, or None when there is no home folder to keep it in."""
    try:
        return Path(user_config_dir("histtui", appauthor=False)) / "config.toml"
    except (RuntimeError, KeyError):
        return None


def read_config(path: Path | None = None) -> dict[str, Any] | None:
    """Every setting in the config file ({} when there is none); None when it cannot be
    read or is not a TOML table, so that it is left alone."""
    path = path or config_path()
    if path is None:
        return {}
    try:
        with path.open("rb") as file:
            data = file.read(LIMIT + 1)
    except FileNotFoundError:
        return {}
    except OSError:
        return None
    if len(data) > LIMIT:
        return None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None


def clean_name(text: str) -> str:
    """A name as a report shows it: one line, no control characters, at most NAME_LENGTH."""
    return " ".join(clean_text(text).split())[:NAME_LENGTH].strip()


def student_name(path: Path | None = None) -> str:
    """The name remembered in the config file, or "" when there is none."""
    value = (read_config(path) or {}).get("name")
    return clean_name(value) if isinstance(value, str) else ""


def remember(key: str, value: Any, path: Path | None = None) -> bool:
    """Set one setting, keeping every other; False when the file cannot be written (or is
    damaged, and left alone)."""
    path = path or config_path()
    settings = read_config(path)
    if path is None or settings is None:
        return False
    settings[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tomli_w.dumps(settings).encode("utf-8"))
    except OSError:
        return False
    return True

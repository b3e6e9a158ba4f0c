"""A student's settings: config.toml in the user config folder (no Textual).

`~/.config/histtui/config.toml` on Linux, `%LOCALAPPDATA%\\histtui\\config.toml` on
Windows. Each setting is a top-level key; keys histtui does not know (written by a newer
histtui) are kept as they are.

    name = "Ana Lim"           # the student's name on `histtui export` reports
    new_cards_per_day = 20     # new flashcards a day join the reviews (default 20)

`load_config` reads the settings histtui runs with: a missing file means the defaults, and
a file that cannot be used raises ConfigError naming the file and what is wrong, so that
histtui stops with a clear message. `read_config` and `remember` keep the student's name:
a damaged file reads as no settings and is never written over. The file is read by
settingsfile.read_settings, as the keys file is (a folder, a named pipe, a device or a file
over 64 KiB at its path is refused, never read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import tomli_w
from platformdirs import user_config_dir

from histtui.filesafety import write_atomic
from histtui.settingsfile import SettingsError, read_settings
from histtui.statefile import shown
from histtui.textclean import clean_text

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
        settings = read_settings(path)
    except SettingsError:
        return None
    return {} if settings is None else settings


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


NEW_CARDS_PER_DAY = 20
"""How many new flashcards a day join a student's reviews unless they say otherwise."""


class ConfigError(Exception):
    """The config file exists but cannot be used; the message says why, naming the file."""


class Config(NamedTuple):
    """The settings histtui reads from config.toml."""

    new_cards_per_day: int = NEW_CARDS_PER_DAY


def load_config(path: Path | None = None) -> Config:
    """The settings in `path` (default: config_path()); the defaults if it does not exist."""
    path = path or config_path()
    if path is None:  # no home folder: nothing to read
        return Config()
    try:
        document = read_settings(path)
    except SettingsError as error:
        raise ConfigError(str(error)) from error
    if document is None:
        return Config()
    limit = document.get("new_cards_per_day", NEW_CARDS_PER_DAY)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= 9999:
        raise ConfigError(
            f"{shown(path)}: new_cards_per_day must be a whole number from 0 to 9999, not {limit!r}"
        )
    return Config(new_cards_per_day=limit)

"""The student's settings file: config.toml in histtui's config folder (platformdirs).

Plain Python with no Textual import. A missing file means the defaults; a file that cannot
be read raises ConfigError with a message that names the file and what is wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

NEW_CARDS_PER_DAY = 20
"""How many new flashcards a day join a student's reviews unless they say otherwise."""


class ConfigError(Exception):
    """The config file exists but cannot be used; the message says why, naming the file."""


@dataclass(frozen=True)
class Config:
    """The settings histtui reads from config.toml."""

    new_cards_per_day: int = NEW_CARDS_PER_DAY


def config_path() -> Path:
    """Where the config file lives: ~/.config/histtui/config.toml on Linux."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("histtui", appauthor=False)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """The settings in `path` (default: config_path()); the defaults if it does not exist."""
    if path is None:
        try:
            path = config_path()
        except (KeyError, RuntimeError):  # no home folder: nothing to read
            return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from error
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error
    limit = document.get("new_cards_per_day", NEW_CARDS_PER_DAY)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= 9999:
        raise ConfigError(
            f"{path}: new_cards_per_day must be a whole number from 0 to 9999, not {limit!r}"
        )
    return Config(new_cards_per_day=limit)

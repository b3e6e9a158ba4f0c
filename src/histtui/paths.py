"""Where histtui's files live."""

from __future__ import annotations

import tempfile
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir, user_log_dir


class NoHomeFolder(Exception):
    """There is no home folder (HOME unset, and no entry for the user in the passwd file)."""


NO_HOME = (
    "cannot find a folder for your progress: HOME is not set and your account has "
    "no home folder. Set HOME, or start histtui with --state FILE to keep progress in FILE."
)


def bundled_guide() -> Path:
    """The guide that ships with histtui (inside the wheel, or data/ in a source checkout)."""
    # Plain paths first: importlib.resources costs 4 ms of imports (zipfile and friends) at
    # every start, and only a zipped install needs it.
    here = Path(__file__).resolve()
    for candidate in (here.parent / "data" / "guide.toml", here.parents[2] / "data" / "guide.toml"):
        if candidate.is_file():
            return candidate
    from importlib import resources

    return Path(str(resources.files("histtui") / "data" / "guide.toml"))


def data_dir() -> Path:
    """The student's data folder: ~/.local/share/histtui on Linux, %LOCALAPPDATA% on Windows.

    Raises NoHomeFolder (its message is NO_HOME) when there is no home folder to put it in.
    """
    try:
        return Path(user_data_dir("histtui", appauthor=False))
    except (RuntimeError, KeyError):
        # platformdirs raises RuntimeError when it cannot expand "~".
        raise NoHomeFolder(NO_HOME) from None


def default_state_path(guide_id: str) -> Path:
    """The progress file for a guide: one file per guide id in the data folder."""
    return data_dir() / f"{guide_id}.toml"


def log_dir() -> Path:
    """Where histtui writes crash logs: ~/.local/state/histtui/log on Linux; without a home
    folder, the temp folder (the last place a crash log goes anyway)."""
    try:
        return Path(user_log_dir("histtui", appauthor=False))
    except (RuntimeError, KeyError):
        return Path(tempfile.gettempdir())


def cache_dir() -> Path | None:
    """Where histtui keeps what it can rebuild: ~/.cache/histtui on Linux.

    None when there is no home folder (and no XDG_CACHE_HOME). Then, or when this folder
    cannot be written, `histtui.__main__.guide_cache_folder` keeps the cache beside the
    progress file (said once), or none (the guide is read and checked at every start). A
    shared temp folder is never used: someone else could fill it.
    """
    try:
        return Path(user_cache_dir("histtui", appauthor=False))
    except (RuntimeError, KeyError):
        return None

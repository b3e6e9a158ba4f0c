"""Where histtui's files live."""

from __future__ import annotations

import tempfile
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_log_dir


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
    if not here.parent.is_dir():
        # Run from a zip (histtui.pyz): a name inside it, read with bundled_bytes. Not the
        # data/ folder beside the zip: that is not a source checkout, and not ours.
        return here.parent / "data" / "guide.toml"
    for candidate in (here.parent / "data" / "guide.toml", here.parents[2] / "data" / "guide.toml"):
        if candidate.is_file():
            return candidate
    from importlib import resources

    return Path(str(resources.files("histtui") / "data" / "guide.toml"))


def bundled_bytes(path: Path) -> bytes | None:
    """The bundled guide's bytes when histtui runs from a zip (histtui.pyz) and `path` names
    that guide inside it; None for every other path, which is read as a file."""
    if path != bundled_guide() or path.exists():
        return None
    try:
        return packaged_bytes("data/guide.toml")
    except OSError:
        return None


def packaged_bytes(name: str) -> bytes:
    """A file of the histtui package (`name` relative to it, with `/`), read through the
    importer that loaded histtui: inside histtui.pyz that is zipimport, which has read the
    zip's directory already (importlib.resources would read it again: 30 ms at start)."""
    import histtui

    get_data = getattr(histtui.__spec__.loader if histtui.__spec__ else None, "get_data", None)
    if get_data is not None:
        data: bytes = get_data(str(Path(histtui.__file__ or "").parent.joinpath(*name.split("/"))))
        return data
    from importlib import resources

    return resources.files("histtui").joinpath(*name.split("/")).read_bytes()


def data_dir() -> Path:
    """The student's data folder: ~/.local/share/histtui on Linux, %LOCALAPPDATA% on Windows.

    Raises NoHomeFolder (its message is NO_HOME) when there is no home folder to put it in.
    """
    try:
        return Path(user_data_dir("histtui", appauthor=False))
    except (RuntimeError, KeyError):
        # platformdirs raises RuntimeError when it cannot expand "~".
        raise NoHomeFolder(NO_HOME) from None


def keymap_path() -> Path:
    """The student's keys file: keys.toml in histtui's config folder (~/.config/histtui).

    Raises NoHomeFolder when there is no home folder.
    """
    try:
        return Path(user_config_dir("histtui", appauthor=False)) / "keys.toml"
    except (RuntimeError, KeyError):
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
    cannot be written, `histtui.cli.guide_cache_folder` keeps the cache beside the
    progress file (said once), or none (the guide is read and checked at every start). A
    shared temp folder is never used: someone else could fill it.
    """
    try:
        return Path(user_cache_dir("histtui", appauthor=False))
    except (RuntimeError, KeyError):
        return None

"""Where histtui's files live."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir, user_log_dir


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
    """The student's data folder: ~/.local/share/histtui on Linux, %LOCALAPPDATA% on Windows."""
    return Path(user_data_dir("histtui", appauthor=False))


def default_state_path(guide_id: str) -> Path:
    """The progress file for a guide: one file per guide id in the data folder."""
    return data_dir() / f"{guide_id}.toml"


def log_dir() -> Path:
    """Where histtui writes crash logs: ~/.local/state/histtui/log on Linux."""
    return Path(user_log_dir("histtui", appauthor=False))


def cache_dir() -> Path:
    """Where histtui keeps what it can rebuild: ~/.cache/histtui on Linux."""
    return Path(user_cache_dir("histtui", appauthor=False))

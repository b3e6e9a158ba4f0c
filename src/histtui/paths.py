"""Where histtui's files live."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir


def bundled_guide() -> Path:
    """The guide that ships with histtui (inside the wheel, or data/ in a source checkout)."""
    packaged = Path(str(resources.files("histtui") / "data" / "guide.toml"))
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "guide.toml"


def data_dir() -> Path:
    """The student's data folder: ~/.local/share/histtui on Linux, %LOCALAPPDATA% on Windows."""
    return Path(user_data_dir("histtui", appauthor=False))


def default_state_path(guide_id: str) -> Path:
    """The progress file for a guide: one file per guide id in the data folder."""
    return data_dir() / f"{guide_id}.toml"


def cache_dir() -> Path:
    """Where histtui keeps what it can rebuild: ~/.cache/histtui on Linux."""
    return Path(user_cache_dir("histtui", appauthor=False))

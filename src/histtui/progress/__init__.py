"""What a student owns, kept in a TOML file: its records (`records`), the whole of it and its
merge (`model`), the file's text (`writer`) and the store that loads and saves it (`store`).

Plain Python with no Textual import.
"""

from histtui.progress.model import Progress
from histtui.progress.records import (
    COLLECTIONS,
    FORMAT,
    CardRecord,
    Clock,
    Flag,
    Note,
    ProgressError,
    Review,
    SelfMark,
    Stamped,
    TopicRecord,
    utc_now,
)
from histtui.progress.store import ProgressStore

__all__ = [
    "COLLECTIONS",
    "FORMAT",
    "CardRecord",
    "Clock",
    "Flag",
    "Note",
    "Progress",
    "ProgressError",
    "ProgressStore",
    "Review",
    "SelfMark",
    "Stamped",
    "TopicRecord",
    "utc_now",
]

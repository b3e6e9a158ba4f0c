"""What a student owns, kept in a TOML file: the record model and its merge (`model`), the
file's text (`writer`) and the store that loads and saves it (`store`).

Plain Python with no Textual import.
"""

from histtui.progress.model import (
    COLLECTIONS,
    FORMAT,
    CardRecord,
    Clock,
    Flag,
    Note,
    Progress,
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

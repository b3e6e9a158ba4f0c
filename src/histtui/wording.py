"""How histtui words numbers and names: percentages, plurals and chapter labels.

Plain Python with no Textual import; one place, so every screen and report says the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from histtui.guide import Chapter  # only for its type: guide.py uses plural()


TICK = "✔"
"""A completed topic, in the sidebar and the topic pane."""
BOOKMARK = "★"
"""A topic bookmarked to revise again, in the Smart Guide, the sidebar and the topic pane."""


def percent(done: int, total: int) -> int:
    """Whole-number percentage, rounded down so that 100% means everything is done."""
    return done * 100 // total if total else 0


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 card", "3 cards" ("1 topic", "0 topics"); `many` for irregular plurals."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def chapter_label(chapter: Chapter) -> str:
    """ "3. Hitler's Germany": a chapter as the guide numbers it."""
    return f"{chapter.number}. {chapter.title}"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The months as the guide names them in dates ("21 January 1924")."""

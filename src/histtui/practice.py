"""Exam practice without a terminal: question labels, the timer's choices and the countdown.

Plain Python with no Textual import; the exam screens only show what this computes.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from histtui.guide import Question

TIMER_CHOICES: tuple[int | None, ...] = (None, 10, 30)
"""What `T` cycles through: no timer, 10 minutes, 30 minutes."""

Monotonic = Callable[[], float]
"""A clock in seconds that only moves forward (time.monotonic, or a fake one in tests)."""


def kind_label(question: Question) -> str:
    """How the exam paper names a question: "Structured essay", "Source-based: inference"."""
    if question.kind == "source":
        return f"Source-based: {question.skill}" if question.skill else "Source-based"
    return "Structured essay"


def next_timer(minutes: int | None) -> int | None:
    """The timer choice after this one: off → 10 → 30 → off."""
    index = TIMER_CHOICES.index(minutes) if minutes in TIMER_CHOICES else 0
    return TIMER_CHOICES[(index + 1) % len(TIMER_CHOICES)]


def timer_label(minutes: int | None) -> str:
    """ "off" or "10 minutes"."""
    return "off" if minutes is None else f"{minutes} minutes"


def mmss(seconds: int) -> str:
    """Whole seconds as minutes and seconds: 600 → "10:00", 59 → "00:59"."""
    minutes, seconds = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{seconds:02d}"


class Countdown:
    """A countdown of whole minutes, started at `start` on a monotonic clock."""

    def __init__(self, minutes: int, start: float) -> None:
        self.minutes = minutes
        self.end = start + minutes * 60

    def remaining(self, now: float) -> int:
        """Whole seconds left, rounded up: 10:00 shows at the start, 00:00 only at the end."""
        return max(0, math.ceil(self.end - now))

    def is_over(self, now: float) -> bool:
        """Whether time is up."""
        return self.remaining(now) == 0

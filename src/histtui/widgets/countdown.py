"""The countdown in the header of exam practice and case studies: "Time left 09:59"."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from histtui.practice import Countdown, Monotonic, mmss

TICK_SECONDS = 0.25
"""How often the countdown is redrawn."""


class CountdownLabel(Static):
    """Counts `minutes` down from when it is started; says "Time's up" at zero (and posts
    TimesUp once), and shows `idle` while no timer runs."""

    class TimesUp(Message):
        """The countdown reached zero."""

    def __init__(self, clock: Monotonic, idle: Text | str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.idle = idle
        self.minutes: int | None = None
        self.countdown: Countdown | None = None
        self.ticker: Timer | None = None
        self.times_up = False

    def on_mount(self) -> None:
        self.show()

    def start(self, minutes: int | None) -> None:
        """Count down `minutes` from now, or stop counting when None."""
        self.minutes = minutes
        self.times_up = False
        self.stop_ticking()
        if minutes is None:
            self.countdown = None
        else:
            self.countdown = Countdown(minutes, self.clock())
            self.ticker = self.set_interval(TICK_SECONDS, self.tick)
        self.show()

    def stop_ticking(self) -> None:
        """Stop redrawing the countdown."""
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None

    def tick(self) -> None:
        """Redraw the countdown; at zero say that time is up, and stop."""
        if self.countdown is not None and self.countdown.is_over(self.clock()):
            self.times_up = True
            self.stop_ticking()
            self.post_message(self.TimesUp())
        self.show()

    def show(self) -> None:
        """ "Time left 09:59", "Time's up", or the idle text."""
        self.set_class(self.times_up, "-times-up")
        if self.times_up:
            self.update("Time's up")
        elif self.countdown is not None:
            remaining = self.countdown.remaining(self.clock())
            self.update(Text.assemble("Time left ", (mmss(remaining), "bold")))
        else:
            self.update(self.idle)

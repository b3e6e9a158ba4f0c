"""Keys answered before the cycle collector runs (docs/performance.md, "fifth round").

Rendering a topic makes tens of thousands of short-lived objects, and Python's cycle
collector ran in the middle of it: several young passes per `n` and an older one every few
presses, 1-3 ms each, and a full pass now and then, tens of milliseconds. As Textual does
while it scrolls (`App.PAUSE_GC_ON_SCROLL`), histtui pauses the collector from a key until
the screen has had time to answer it; what it would have collected then waits the same few
milliseconds, and it then runs while the student reads.
"""

from __future__ import annotations

import asyncio
import gc

from textual import events
from textual.app import App

WINDOW = 0.1
"""Seconds the collector stays off after the last key: a frame takes a tenth of that, and
a key held down keeps it off for as long as it repeats (as a scroll does in Textual)."""


class KeysBeforeCollection(App[None]):
    """An app that pauses the cycle collector from each key until WINDOW after the last."""

    collector_resumes: asyncio.TimerHandle | None = None
    """When the collector comes back on, while a key has it paused."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.pause_collector()
        await super().on_event(event)

    def pause_collector(self) -> None:
        """Turn the collector off until WINDOW from now (unless it is off for another
        reason: histtui's start keeps it off until the first frame)."""
        if self.collector_resumes is not None:
            self.collector_resumes.cancel()
        elif gc.isenabled():
            gc.disable()
        else:
            return
        loop = asyncio.get_running_loop()
        self.collector_resumes = loop.call_later(WINDOW, self.resume_collector)

    def resume_collector(self) -> None:
        """Turn the collector back on, if a key paused it."""
        if self.collector_resumes is not None:
            self.collector_resumes.cancel()
            self.collector_resumes = None
            gc.enable()

    def on_unmount(self) -> None:
        self.resume_collector()  # the app is ending: never leave the collector off

"""Keys answered before the cycle collector runs (docs/performance.md, fifth and seventh
rounds).

Rendering a topic makes tens of thousands of short-lived objects, and Python's cycle
collector ran in the middle of it: several young passes per `n` and an older one every few
presses, 1-3 ms each, and a full pass now and then, tens of milliseconds. As Textual can
while it scrolls (`App.PAUSE_GC_ON_SCROLL`, off by default), histtui pauses it from a key
until the next frame has gone to the terminal, so what it would have collected then waits
those few milliseconds and is collected while the student reads. Each pause means fewer young
passes, and so fewer of the older passes they lead to: one is made once the frame is out
(without it, garbage left longer in the older generations raised a student's peak memory
by 0.7 MiB).
"""

from __future__ import annotations

import asyncio
import gc

from textual import events
from textual.app import App

WINDOW = 0.1
"""Seconds after a key at most that the collector stays off, when the key changes nothing
on screen (no frame follows it); a frame takes a tenth of that."""


class KeysBeforeCollection(App[None]):
    """An app that pauses the cycle collector from a key until the next frame is written."""

    collector_resumes: asyncio.Handle | None = None
    """When the collector comes back on (WINDOW after the key, or just after its frame),
    while a key has it off."""

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.pause_collector()
        await super().on_event(event)

    def pause_collector(self) -> None:
        """Turn the collector off until the next frame (or WINDOW from now), unless it is
        off already: for an earlier key, or while histtui starts (until its first frame)."""
        if self.collector_resumes is None and gc.isenabled():
            gc.disable()
            loop = asyncio.get_running_loop()
            self.collector_resumes = loop.call_later(WINDOW, self.resume_collector)

    def post_display_hook(self) -> None:
        """A frame has been handed to Textual's writer thread (Textual calls this after each).

        The collector comes back on in the event loop's next round, not now: the writer
        needs the interpreter's lock to write the frame, and a collection holds it (one
        comes at the first allocation after the collector is turned on: 0.5-1.5 ms for the
        young objects, 10-25 ms every dozen keys or so for all of them, and the frame
        waited for it). The loop lets go of the lock as it polls for input.
        """
        super().post_display_hook()
        if self.collector_resumes is not None:
            self.collector_resumes.cancel()
            self.collector_resumes = asyncio.get_running_loop().call_soon(self.resume_collector)

    def resume_collector(self) -> None:
        """Turn the collector back on, if a key paused it."""
        if self.collector_resumes is not None:
            self.collector_resumes.cancel()
            self.collector_resumes = None
            gc.enable()
            gc.collect(1)

    def on_unmount(self) -> None:
        self.resume_collector()  # the app is ending: never leave the collector off

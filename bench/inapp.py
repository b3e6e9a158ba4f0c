"""In-app latencies, measured with `App.run_test` and Pilot, and the cost of saving progress.

"Painted" means Textual's compositor has laid out and rendered the frame that shows the
change: the screen's `screen_layout_refresh_signal` is published right after that, and a
subscriber notes the time. (Under `run_test` the headless driver then drops the frame
instead of writing it to a terminal; writing it costs the same in histtui as anywhere.)
Each sample starts just before Pilot sends the key.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from histtui.app import HistTUI
from histtui.guide import Guide, Topic
from histtui.progress import Progress, ProgressStore
from histtui.session import StudySession
from histtui.widgets.topic_view import TopicView

SIZE = (100, 30)
"""The terminal the in-app samples run in: columns, rows."""


def new_app(guide: Guide, folder: Path) -> HistTUI:
    """An app on `guide` whose progress file lives in `folder`."""
    return HistTUI(StudySession(guide, ProgressStore(folder / f"{guide.id}.toml", guide.id)))


async def next_topic_latencies(
    guide: Guide,
    classify: Callable[[Topic], str],
    samples: int = 20,
    warmups: int = 5,
    size: tuple[int, int] = SIZE,
    cpu: dict[str, list[float]] | None = None,
    prepared: bool = True,
) -> dict[str, list[float]]:
    """Seconds from key `n` to the next topic painted, grouped by `classify(next topic)`.

    Presses `n` from the first topic on until every group has `samples` samples (after
    `warmups` presses that are not kept), so the guide's order of topics decides how the
    groups interleave. With `cpu`, also the process CPU time of each sample, by group.
    With `prepared=False` the pane does not get the next topic ready in advance, as when
    keys come faster than a topic renders. As `histtui` itself does once its guide is
    loaded, the objects made so far are frozen out of the cycle collector's way meanwhile
    (among them the bench's other guides, 5,000 topics of them, which no student's histtui
    holds: its full collections scanned them, 50-60 ms every eleventh `n`).
    """
    gc.freeze()
    try:
        return await _next_topic_samples(guide, classify, samples, warmups, size, cpu, prepared)
    finally:
        gc.unfreeze()


async def _next_topic_samples(
    guide: Guide,
    classify: Callable[[Topic], str],
    samples: int,
    warmups: int,
    size: tuple[int, int],
    cpu: dict[str, list[float]] | None,
    prepared: bool,
) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    cpu = {} if cpu is None else cpu
    with tempfile.TemporaryDirectory(prefix="histtui-bench-") as folder:
        app = new_app(guide, Path(folder))
        async with app.run_test(size=size) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            reader = app.screen
            if not prepared:
                pane = reader.query_one(TopicView)
                pane.prepare_next = lambda topic: None  # type: ignore[method-assign]
            waiting: list[Any] = [None]
            painted: list[tuple[float, float]] = []

            def laid_out(_screen: object) -> None:
                if waiting[0] is not None and getattr(reader, "topic", None) is waiting[0]:
                    painted.append((time.perf_counter(), time.process_time()))
                    waiting[0] = None

            reader.screen_layout_refresh_signal.subscribe(reader, laid_out, immediate=True)
            groups = {classify(topic) for topic in guide.topics}
            pressed = 0
            while any(len(found.get(group, [])) < samples for group in groups):
                current = getattr(reader, "topic", None)
                target = guide.next_topic(current) if current is not None else None
                if target is None:
                    raise RuntimeError("the guide ran out of topics before enough samples")
                painted.clear()
                waiting[0] = target
                start, start_cpu = time.perf_counter(), time.process_time()
                await pilot.press("n")
                for _ in range(100):
                    if painted:
                        break
                    await pilot.pause(0.01)
                else:
                    raise RuntimeError(f"{target.id} was never painted")
                pressed += 1
                if pressed > warmups:
                    found.setdefault(classify(target), []).append(painted[0][0] - start)
                    cpu.setdefault(classify(target), []).append(painted[0][1] - start_cpu)
            await pilot.press("q")
    return found


async def search_latencies(
    guide: Guide,
    queries: list[str],
    samples: int = 20,
    warmups: int = 3,
    size: tuple[int, int] = SIZE,
) -> list[float]:
    """Seconds from one keystroke in the command palette's topic search to its results painted."""
    with tempfile.TemporaryDirectory(prefix="histtui-bench-") as folder:
        app = new_app(guide, Path(folder))
        return await palette_latencies(app, queries, samples, warmups, size)


async def palette_latencies(
    app: App[Any],
    queries: list[str],
    samples: int = 20,
    warmups: int = 3,
    size: tuple[int, int] = SIZE,
) -> list[float]:
    """Seconds from one keystroke in `app`'s command palette to its results painted.

    Types each query a letter at a time into the palette (ctrl+p), then deletes it back to
    one letter; every keystroke is a sample. A sample ends at the last frame laid out
    before the palette's search has finished and the app is idle again. `app` quits on q.
    """
    found: list[float] = []
    keystrokes = 0
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        laid_out: list[float] = []
        query_number = 0
        while len(found) < samples:
            await pilot.press("ctrl+p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            palette = app.screen
            palette.screen_layout_refresh_signal.subscribe(
                palette, lambda _screen: laid_out.append(time.perf_counter()), immediate=True
            )
            query = queries[query_number % len(queries)]
            query_number += 1
            keys = list(query) + ["backspace"] * (len(query) - 1)
            for key in keys:
                laid_out.clear()
                start = time.perf_counter()
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
                if not laid_out:
                    raise RuntimeError(f"no frame was laid out after {key!r}")
                keystrokes += 1
                if keystrokes > warmups:
                    found.append(laid_out[-1] - start)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("q")
    return found


async def search_screen_latencies(
    guide: Guide,
    queries: list[str],
    samples: int = 20,
    warmups: int = 3,
    size: tuple[int, int] = SIZE,
) -> list[float]:
    """Seconds from one keystroke in the search screen (`/`) to its results painted.

    Opens the search screen once, then types each query a letter at a time and deletes it
    back to one letter (then clears that letter, unmeasured); every keystroke is a sample.
    A sample ends at the first frame laid out once the screen shows the results for the
    text now in the search box. As `histtui` itself does once its guide is loaded, the
    objects made so far (the guide) are frozen out of the cycle collector's way meanwhile.
    """
    gc.freeze()
    try:
        return await _search_screen_samples(guide, queries, samples, warmups, size)
    finally:
        gc.unfreeze()


async def _search_screen_samples(
    guide: Guide, queries: list[str], samples: int, warmups: int, size: tuple[int, int]
) -> list[float]:
    from histtui.screens.search import SearchScreen

    found: list[float] = []
    keystrokes = 0
    with tempfile.TemporaryDirectory(prefix="histtui-bench-") as folder:
        app = new_app(guide, Path(folder))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            if not isinstance(screen, SearchScreen):
                raise RuntimeError("`/` did not open the search screen")
            expected: list[str | None] = [None]
            painted: list[float] = []

            def laid_out(_screen: object) -> None:
                # run_search sets query_text and fills the list in one handler: once it
                # holds the expected query, that query's results are what is laid out.
                if expected[0] is not None and screen.query_text == expected[0]:
                    painted.append(time.perf_counter())
                    expected[0] = None

            screen.screen_layout_refresh_signal.subscribe(screen, laid_out, immediate=True)
            query_number = 0
            while len(found) < samples:
                query = queries[query_number % len(queries)]
                query_number += 1
                typed = [query[: n + 1] for n in range(len(query))]
                keys = list(query) + ["backspace"] * (len(query) - 1)
                texts = typed + typed[-2::-1]
                for key, text in zip(keys, texts, strict=True):
                    painted.clear()
                    expected[0] = text
                    start = time.perf_counter()
                    await pilot.press(key)
                    for _ in range(200):
                        if painted:
                            break
                        await pilot.pause(0.005)
                    else:
                        raise RuntimeError(f"the results for {text!r} were never painted")
                    keystrokes += 1
                    if keystrokes > warmups:
                        found.append(painted[0] - start)
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                await pilot.press("backspace")
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press("escape", "q")
    return found


def save_latencies(
    folder: Path, records: int = 5000, samples: int = 20, warmups: int = 3
) -> list[float]:
    """Seconds to save progress holding `records` topic records (re-read, merge, atomic write).

    Each sample changes one record first, as marking a topic complete does.
    """
    guide_id = "bench-guide"
    base = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    progress = Progress(guide_id)
    for number in range(1, records + 1):
        progress.set_complete(f"topic-{number}", number % 2 == 0, base)
    store = ProgressStore(folder / f"{guide_id}.toml", guide_id)
    store.save(progress)
    rng = random.Random(6)
    found: list[float] = []
    for sample in range(warmups + samples):
        topic_id = f"topic-{rng.randint(1, records)}"
        now = base + dt.timedelta(seconds=sample + 1)
        progress.set_complete(topic_id, not progress.is_complete(topic_id), now)
        start = time.perf_counter()
        store.save(progress)
        elapsed = time.perf_counter() - start
        if store.save_error:
            raise RuntimeError(store.save_error)
        if sample >= warmups:
            found.append(elapsed)
    return found


def statistics_guide_and_history(folder: Path, now: dt.datetime) -> Guide:
    """A guide of 600 flashcards (200 topics) and a year of daily reviews of them, saved
    in `folder` as the guide's progress file."""
    from bench.history import made_up_history
    from bench.make_guide import guide_text

    from histtui.guide_check import parse_guide

    guide = parse_guide(guide_text(topics=200, words=20, per_chapter=20))
    progress = made_up_history(guide, now, 365, new_per_day=2, skip_every=0)
    ProgressStore(folder / f"{guide.id}.toml", guide.id).save(progress)
    return guide


async def statistics_latencies(samples: int = 20, warmups: int = 2) -> list[float]:
    """Seconds from key `S` on the Smart Guide to the statistics screen painted, with a
    year of daily reviews of 600 cards."""
    from histtui.screens import statistics

    found: list[float] = []
    painted: list[float] = []
    original = statistics.StatisticsScreen

    class Timed(original):  # type: ignore[misc, valid-type]
        def on_mount(self) -> None:
            def laid_out(_screen: object) -> None:
                if not painted:
                    painted.append(time.perf_counter())

            self.screen_layout_refresh_signal.subscribe(self, laid_out, immediate=True)

    statistics.StatisticsScreen = Timed  # type: ignore[misc]
    try:
        with tempfile.TemporaryDirectory(prefix="histtui-bench-") as folder:
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            guide = statistics_guide_and_history(Path(folder), now)
            app = new_app(guide, Path(folder))
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                for sample in range(warmups + samples):
                    painted.clear()
                    start = time.perf_counter()
                    await pilot.press("S")
                    for _ in range(400):
                        if painted:
                            break
                        await pilot.pause(0.005)
                    else:
                        raise RuntimeError("the statistics screen was never painted")
                    if sample >= warmups:
                        found.append(painted[0] - start)
                    await pilot.press("escape")
                    await pilot.pause()
                await pilot.press("q")
    finally:
        statistics.StatisticsScreen = original  # type: ignore[misc]
    return found


def run(coroutine: Any) -> Any:
    """Run one of the async measurements to completion."""
    return asyncio.run(coroutine)

"""Shared fixtures: the small test guide, a fixed clock, and an app factory."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from histtui.app import HistTUI
from histtui.guide import Guide
from histtui.guide_check import load_guide
from histtui.progress import ProgressStore, Stamped
from histtui.session import StudySession

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_GUIDE = FIXTURES / "small.toml"


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def small_guide() -> Guide:
    return load_guide(SMALL_GUIDE)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "progress.toml"


@pytest.fixture
def make_app(small_guide: Guide, state_path: Path, clock: FakeClock) -> Callable[..., HistTUI]:
    """Build an app on the small guide, keeping progress in a temp file."""

    def make(
        guide: Guide | None = None, path: Path | None = None, first_start: bool = False
    ) -> HistTUI:
        guide = guide or small_guide
        app = HistTUI(
            StudySession(guide, ProgressStore(path or state_path, guide.id, clock), clock)
        )
        app.session.rng = random.Random(1924)
        if not first_start and app.session.progress.exam_date is None:
            # A student who has started histtui before: asked for their exam date (once, at
            # the first start), they have given none. Kept in memory until the next save.
            app.session.progress.exam_date = Stamped("", clock())
        return app

    return make


def at_each_body_drawing(monkeypatch: pytest.MonkeyPatch, note: Callable[[], Any]) -> list[Any]:
    """What `note()` answers each time the topic's notes are drawn (TopicBody.render_lines),
    in order, from now until the test ends."""
    from histtui.widgets.topic_page import TopicBody

    noted: list[Any] = []
    render_lines = TopicBody.render_lines

    def noting(self: TopicBody, crop: Any) -> Any:
        if self.id == "topic-body":  # the notes, not the links under them
            noted.append(note())
        return render_lines(self, crop)

    monkeypatch.setattr(TopicBody, "render_lines", noting)
    return noted


def link_lines(app: HistTUI) -> list[str]:
    """The lines of the links under the open topic's notes (Previous, Next, Back)."""
    from histtui.widgets.topic_page import TopicBody

    nav = app.get_screen("reader").query_one("#topic-nav", TopicBody)
    return [line.text for line in nav.body.lines(nav, nav.content_size.width)]


def plain(renderable: object, width: int = 100) -> str:
    """What a rich renderable (or a widget's content) reads as, without styles."""
    from rich.console import Console

    with open(os.devnull, "w", encoding="utf-8") as devnull:
        console = Console(width=width, record=True, color_system=None, file=devnull)
        console.print(renderable)
    return console.export_text()


def shown(app: HistTUI, selector: str) -> str:
    """The plain text of a Static (or a Picture) on the app's current screen."""
    from rich.text import Text
    from textual.content import Content
    from textual.widgets import Static

    from histtui.widgets.picture import Picture

    widget = app.screen.query_one(selector, Static | Picture)
    if isinstance(widget, Picture):
        return widget.text.plain
    content = widget.content
    if isinstance(content, Text):
        return content.plain
    if isinstance(content, str | Content):
        return str(content)
    return plain(content).rstrip()


def header_lines(app: HistTUI) -> list[str]:
    """The Smart Guide's header as painted, its blank lines left out: the guide's title,
    "N% Complete   d/t Steps", the bar, and the cards due."""
    from histtui.widgets.guide_header import GuideHeader

    header = app.screen.query_one(GuideHeader)
    lines = (header.render_line(y).text.strip() for y in range(header.size.height))
    return [line for line in lines if line]


def overall_progress(app: HistTUI) -> str:
    """ "N% Complete   d/t Steps" as the Smart Guide shows it."""
    return header_lines(app)[1]


def cards_due(app: HistTUI) -> str:
    """The Smart Guide's line of cards due, under the bar."""
    return header_lines(app)[3]


def footer_text(app: HistTUI) -> str:
    """The keys line at the foot of the current screen, as the student reads it."""
    from histtui.widgets.footer import KeyBar

    bar = app.screen.query_one(KeyBar)
    return bar.draw(bar.labels()).text


def footer_keys(app: HistTUI) -> dict[str, tuple[int, int]]:
    """Each key the current screen's footer shows: its first column and the one after it."""
    from histtui.widgets.footer import KeyBar

    bar = app.screen.query_one(KeyBar)
    bar.draw(bar.labels())
    return {key: (first, end) for first, end, key, _enabled in bar.keys}


def overview_rows(app: HistTUI) -> list[str]:
    """The rows of the Smart Guide overview's list, as plain text."""
    from textual.widgets import OptionList

    options = app.screen.query_one("#chapters", OptionList)
    return [
        plain(options.get_option_at_index(index).prompt).strip()
        for index in range(options.option_count)
    ]


async def wait_until(pilot: Any, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds; fail if it never does (no fixed sleeps)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), "the condition never held"


def palette_has_hits(app: HistTUI) -> bool:
    """Whether the command palette is open and lists what the search found."""
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    return isinstance(screen, CommandPalette) and screen.query_one(CommandList).option_count > 0


def missing_from_help(owners: Iterable[type]) -> list[str]:
    """Each key bound by `owners` that the help screen (screens/help.py KEYS) does not name,
    as "Owner: key"; help shows the character typed ("?", "/", "!")."""
    from histtui.screens.help import KEYS

    described = {
        name
        for _, keys in KEYS
        for key, _ in keys
        for part in key.split(",")
        for name in part.replace(" / ", " ").replace("(", " ").replace(")", " ").split()
    }
    typed = {"question_mark": "?", "slash": "/", "exclamation_mark": "!"}
    return [
        f"{owner.__name__}: {key}"
        for owner in owners
        for binding in getattr(owner, "BINDINGS", [])
        for key in binding.key.split(",")
        if typed.get(key, key) not in described
    ]

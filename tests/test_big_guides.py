"""A 1 MB topic body and a 10,000-topic guide open and scroll (timings: the benchmark issue)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w
from textual.widgets import OptionList

from histtui.guide import Guide
from histtui.guide_check import load_guide
from histtui.screens.reader import ReaderScreen
from histtui.widgets.course_tree import CourseTree
from histtui.widgets.topic_view import TopicView
from tests.conftest import overall_progress, shown

LINE = "- **Point {n}**: the Treaty of Versailles and the League of Nations, once more.\n"


def write_guide(path: Path, units: list[dict]) -> Guide:
    path.write_text(
        tomli_w.dumps({"format": 1, "id": path.stem, "title": "Big", "units": units}),
        encoding="utf-8",
    )
    return load_guide(path)


@pytest.fixture
def megabyte_guide(tmp_path) -> Guide:
    lines = ["## A very long topic\n\n"]
    size = 0
    while size < 1_000_000:
        lines.append(LINE.format(n=len(lines)))
        size += len(lines[-1])
    body = "".join(lines)
    topics = [
        {"id": "long", "title": "A 1 MB topic", "body": body},
        {"id": "after", "title": "After it", "body": "Short."},
    ]
    chapters = [{"id": "c", "title": "Chapter", "topics": topics}]
    return write_guide(
        tmp_path / "megabyte.toml", [{"id": "u", "title": "U", "chapters": chapters}]
    )


@pytest.fixture
def ten_thousand_topics(tmp_path) -> Guide:
    units = [
        {
            "id": f"u{u}",
            "title": f"Unit {u}",
            "chapters": [
                {
                    "id": f"c{u}-{c}",
                    "title": f"Chapter {u}.{c}",
                    "topics": [
                        {"id": f"t{u}-{c}-{t}", "title": f"Topic {u}.{c}.{t}", "body": "- A."}
                        for t in range(100)
                    ],
                }
                for c in range(25)
            ],
        }
        for u in range(4)
    ]
    return write_guide(tmp_path / "big.toml", units)


async def test_a_one_megabyte_topic_opens_and_scrolls(make_app, megabyte_guide):
    assert len(megabyte_guide.topics[0].body) >= 1_000_000
    app = make_app(megabyte_guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app, "#topic-title") == "A 1 MB topic"
        pane = app.screen.query_one(TopicView)
        assert pane.max_scroll_y > 10_000
        await pilot.press("end")
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("pageup", "up")
        assert 0 < pane.scroll_y < pane.max_scroll_y
        await pilot.press("home")
        assert pane.scroll_y == 0
        await pilot.press("n")
        assert shown(app, "#topic-title") == "After it"


async def test_ten_thousand_topics_open_and_scroll(make_app, ten_thousand_topics):
    guide = ten_thousand_topics
    assert len(guide.topics) == 10_000
    app = make_app(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert overall_progress(app) == "0% Complete   0/10000 Steps"
        chapters = app.screen.query_one("#chapters", OptionList)
        await pilot.press("end")
        assert chapters.highlighted == chapters.option_count - 1
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "Topic 3.24.0"
        await pilot.press("c", "p")
        assert shown(app, "#topic-title") == "Topic 3.23.99"
        await pilot.press("tab")
        tree = app.screen.query_one(CourseTree)
        assert app.focused is tree
        for _ in range(5):
            await pilot.press("pageup")
        assert tree.cursor_line < tree.last_line
        await pilot.press("enter")  # opens the topic (or folds the chapter) under the cursor
        await pilot.press("o", "home", "down", "enter")
        assert shown(app, "#topic-title") == "Topic 0.0.0"
    assert app.session.progress.is_complete("t3-24-0")

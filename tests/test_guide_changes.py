"""The guide changed under the student: progress follows topic ids, never titles or places.

Topics removed from the guide keep their records (export lists them as no longer in the
guide), moved or retitled topics keep their progress, and another guide id has its own file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from histtui.app import HistTUI
from histtui.guide_check import load_guide
from histtui.paths import default_state_path
from histtui.progress import ProgressStore
from histtui.screens.reader import ReaderScreen
from histtui.session import StudySession
from histtui.widgets.course_tree import CourseTree
from tests.conftest import SMALL_GUIDE, overall_progress, shown

SIZE = (100, 30)
VERSAILLES_BODY_START = '[[units.chapters.topics]]\nid = "versailles-terms"'


def changed_guide(tmp_path: Path) -> Path:
    """The small guide next term: Inchon cut, the Versailles terms retitled and moved."""
    text = SMALL_GUIDE.read_text(encoding="utf-8")
    start = text.index(VERSAILLES_BODY_START)
    end = text.index("[[units.chapters.questions]]")
    versailles = text[start:end].replace(
        'title = "The Treaty of Versailles: Terms [1919]"', 'title = "Versailles: The Terms"'
    )
    text = text[:start] + text[end:]
    # Into the Stalin chapter, after its only topic.
    anchor = text.index("[[units]]", text.index('id = "stalin"'))
    text = text[:anchor] + versailles + text[anchor:]
    inchon = text.index('[[units.chapters.topics]]\nid = "inchon"')
    text = text[:inchon]
    path = tmp_path / "guide-v2.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_removed_moved_and_retitled_topics(tmp_path, state_path, clock):
    guide = load_guide(SMALL_GUIDE)
    app = HistTUI(StudySession(guide, ProgressStore(state_path, guide.id, clock), clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "c", "n", "n", "n", "c")  # Versailles and Inchon
        app.session.progress.set_note("inchon", "Tides of 10 m.", clock())
        app.save()

    new_guide = load_guide(changed_guide(tmp_path))
    assert new_guide.id == guide.id and new_guide.topic("inchon") is None
    moved = new_guide.topic("versailles-terms")
    assert moved is not None and moved.chapter.id == "stalin"
    app = HistTUI(StudySession(new_guide, ProgressStore(state_path, new_guide.id, clock), clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert overall_progress(app) == "25% Complete   1/4 Steps"
        app.open_topic(moved)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "Versailles: The Terms"
        assert shown(app, "#breadcrumb") == "The World in Crisis › 2. Stalin's Soviet Union"
        assert shown(app, "#status").startswith("✔ Completed")
        tree = app.screen.query_one(CourseTree)
        assert str(tree.label(moved.chapter)) == "2. 1/2 Stalin's Soviet Union"
        await pilot.press("p", "c")  # and the student carries on
    saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert "completed_at" in saved["topics"]["inchon"], "a removed topic keeps its record"
    assert saved["notes"]["inchon"]["text"] == "Tides of 10 m."
    assert "completed_at" in saved["topics"]["rise-of-stalin"]

    command = ["-m", "histtui", "--guide", str(changed_guide(tmp_path)), "--state", str(state_path)]
    result = subprocess.run(
        [sys.executable, *command, "export"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "50% Complete, 2/4 Steps" in result.stdout
    assert result.stdout.endswith("## No longer in the guide\n\n- inchon\n")


def test_another_guide_id_gets_its_own_file(tmp_path, clock, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("LOCALAPPDATA", str(data))
    other = tmp_path / "other.toml"
    other.write_text(
        SMALL_GUIDE.read_text(encoding="utf-8").replace(
            'id = "small-guide"', 'id = "other-guide"', 1
        ),
        encoding="utf-8",
    )
    small, other_guide = load_guide(SMALL_GUIDE), load_guide(other)
    assert default_state_path(small.id) != default_state_path(other_guide.id)
    store = ProgressStore(default_state_path(small.id), small.id, clock)
    progress = store.load()
    progress.set_complete("inchon", True, clock())
    store.save(progress)

    def export(guide: Path) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "histtui", "--guide", str(guide), "export"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "XDG_DATA_HOME": str(data)},
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        return result.stdout

    assert "20% Complete, 1/5 Steps" in export(SMALL_GUIDE)
    assert "0% Complete, 0/5 Steps" in export(other)
    store = ProgressStore(default_state_path(other_guide.id), other_guide.id, clock)
    progress = store.load()
    progress.set_complete("big-three-aims", True, clock())
    store.save(progress)
    assert sorted(path.name for path in (data / "histtui").glob("*.toml")) == [
        "other-guide.toml",
        "small-guide.toml",
    ]
    assert "20% Complete, 1/5 Steps" in export(SMALL_GUIDE)
    assert ProgressStore(default_state_path(small.id), small.id).load().is_complete("inchon")

"""The shape the code keeps (docs/architecture.md): a core without Textual, no import circle,
small modules, and one change signal that every view of progress follows."""

from __future__ import annotations

import ast
import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

from histtui.progress import ProgressStore, utc_now
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.widgets.course_tree import CourseTree
from tests.conftest import overall_progress, shown

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "histtui"
UI = ("screens", "widgets", "app")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_modules() -> list[str]:
    return sorted(
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in UI
    )


def test_core_modules_import_nothing_from_textual() -> None:
    names = core_modules()
    assert "histtui.session" in names and "histtui.progress.store" in names
    script = textwrap.dedent(
        """
        import importlib, json, sys
        found = {}
        for name in sys.argv[1:]:
            importlib.import_module(name)
            textual = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
            if textual:
                found[name] = textual[:3]
                break
        print(json.dumps(found))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *names], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "{}", f"core module imports Textual: {result.stdout}"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_screen_or_widget_imports_the_app() -> None:
    """Screens and widgets talk to the app through messages and the session, so the app
    imports them and never the other way round (not even for type checking)."""
    for folder in ("screens", "widgets"):
        for path in (PACKAGE / folder).glob("*.py"):
            assert "histtui.app" not in imported_modules(path), path.name


def test_no_module_is_over_400_lines() -> None:
    for path in PACKAGE.rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{path.relative_to(PACKAGE)} has {lines} lines"


MARK_COMPLETE = """
import sys
from pathlib import Path
from histtui.progress import ProgressStore, utc_now

store = ProgressStore(Path(sys.argv[1]), sys.argv[2])
progress = store.load()
progress.set_complete(sys.argv[3], True, utc_now())
store.save(progress)
assert store.save_error is None and not store.pending
"""


def mark_in_another_process(state: Path, guide_id: str, topic_id: str) -> None:
    """Another histtui (another terminal) marks a topic complete and saves."""
    subprocess.run(
        [sys.executable, "-c", MARK_COMPLETE, str(state), guide_id, topic_id], check=True
    )


def tree_label(tree: CourseTree, node_id: str) -> str:
    """What the sidebar shows for a unit, chapter or topic."""
    nodes = [tree.root]
    while nodes:
        node = nodes.pop()
        if node.data is not None and node.data.id == node_id:
            return str(node.label)
        nodes.extend(node.children)
    raise LookupError(node_id)


async def wait_for(condition, seconds: float = 10.0) -> None:
    """Poll until `condition()` holds (the app looks for other copies' saves every second)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    assert condition()


async def test_a_change_saved_by_another_histtui_shows_without_the_student_moving(
    make_app, state_path, monkeypatch
):
    monkeypatch.setattr("histtui.app.SYNC_SECONDS", 0.1)
    app = make_app()
    guide_id = app.session.guide.id
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert overall_progress(app) == "0% Complete   0/5 Steps"
        mark_in_another_process(state_path, guide_id, "rise-of-stalin")
        await wait_for(lambda: overall_progress(app) == "20% Complete   1/5 Steps")

        await pilot.press("enter")  # the first chapter's first topic
        assert isinstance(app.screen, ReaderScreen)
        tree = app.screen.query_one(CourseTree)
        assert shown(app, "#chapter-progress-label") == "Chapter Progress  0% Complete"
        assert tree_label(tree, "peace") == "1. 0/2 Making the Peace"
        mark_in_another_process(state_path, guide_id, "versailles-terms")
        await wait_for(
            lambda: shown(app, "#chapter-progress-label") == "Chapter Progress  50% Complete"
        )
        assert tree_label(tree, "peace") == "1. 1/2 Making the Peace"
        assert tree_label(tree, "versailles-terms").startswith("✔ ")
        await pilot.press("o")
        assert overall_progress(app) == "40% Complete   2/5 Steps"
    # Nothing the other histtui saved was lost when this one saved after it.
    final = ProgressStore(state_path, guide_id, utc_now).load()
    assert final.is_complete("rise-of-stalin") and final.is_complete("versailles-terms")

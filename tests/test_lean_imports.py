"""Reading the guide loads only what reading needs: every module costs a student memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from histtui.guide_check import load_guide
from histtui.paths import bundled_guide

UNUSED = (
    "markdown_it",
    "pygments",
    "rich.markdown",
    "rich._emoji_codes",
    "textual.widgets._text_area",
    "histtui.screens.exam",
    "histtui.screens.note",
    "histtui.screens.review",
    "histtui.screens.search",
    "histtui.screens.timeline",
    "histtui.search",
    "histtui.casework",
)


def test_reading_imports_no_markdown_it_no_pygments_and_no_screen_left_unopened() -> None:
    """What a student who only reads never uses costs them no memory (docs/performance.md).

    Notes are drawn without rich.markdown (widgets/notes_markdown.py), and the search,
    review, timeline, exam and note screens are imported when first opened.
    """
    guide = load_guide(bundled_guide())
    script = textwrap.dedent(
        f"""
        import asyncio, sys, tempfile
        from pathlib import Path
        from histtui.app import HistTUI
        from histtui.session import StudySession
        from histtui.guide_check import load_guide
        from histtui.progress import ProgressStore

        guide = load_guide(Path({str(bundled_guide())!r}))
        store = ProgressStore(Path(tempfile.mkdtemp()) / "progress.toml", guide.id)

        async def read() -> None:
            app = HistTUI(StudySession(guide, store))
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                print("histtui.screens.reader" in sys.modules)  # the reader: with a topic
                await pilot.press("enter")
                for _ in range(3):
                    await pilot.press("n")
                await pilot.pause()
                print(app.screen.query_one("#topic-title").content)

        asyncio.run(read())
        print(sorted(m for m in {UNUSED!r} if m in sys.modules))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    reader_at_start, title, imported = run.stdout.strip().splitlines()
    assert reader_at_start == "False"
    assert title == guide.topics[3].title
    assert imported == "[]"

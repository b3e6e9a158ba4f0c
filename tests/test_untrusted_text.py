"""Text from a guide never reaches the terminal as control codes, and any script renders.

tests/fixtures/untrusted.toml holds escape sequences (CSI, OSC title and hyperlink), C0 and
C1 controls, bidi overrides and markup in titles and bodies, beside CJK, combining marks,
Arabic and Hebrew, and emoji (wide, flags, ZWJ sequences).
"""

from __future__ import annotations

import re

import pytest
from textual.command import CommandPalette

from histtui.export import build_report, render
from histtui.guide import GuideError
from histtui.guide_check import load_guide, parse_guide
from histtui.progress import Progress
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.widgets.course_tree import CourseTree
from tests.conftest import FIXTURES, header_lines, palette_has_hits, shown, wait_until

UNTRUSTED = FIXTURES / "untrusted.toml"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def untrusted():
    return load_guide(UNTRUSTED)


def screen_text(app) -> str:
    """Everything the terminal would be sent for the current screen, as SVG text."""
    return app.export_screenshot()


def test_loading_removes_control_codes_and_keeps_every_script(untrusted):
    assert untrusted.title == "Untrusted Guide"
    assert untrusted.units[0].title == "The World 世界 evil"
    tokyo, cairo, emoji = untrusted.topics
    assert tokyo.title == "東京と北京: 条約 1905 red"
    assert "e\u0301 a\u0308" in tokyo.body and "明治維新" in tokyo.body
    assert "A hidden link ends here." in tokyo.body
    assert cairo.title.startswith("القاهرة Cairo")
    assert "\u2066" not in cairo.body and "isolated and override are removed" in cairo.body
    assert emoji.title == "Flags 🇬🇧🇫🇷 and people 👨‍👩‍👧 👍🏽"
    for text in (
        [untrusted.title] + [t.title for t in untrusted.topics] + [t.body for t in untrusted.topics]
    ):
        assert not CONTROL.search(text), repr(text)


def test_control_codes_in_ids_never_reach_a_problem_line():
    text = (
        'format = 1\nid = "g"\ntitle = "G"\n[[units]]\nid = "Bad \\u001b[2J\\u009b1m Id"\n'
        'title = "\\u001b]0;x\\u0007"\n'
    )
    with pytest.raises(GuideError) as caught:
        parse_guide(text)
    for problem in caught.value.problems:
        assert not CONTROL.search(problem), repr(problem)
    assert caught.value.problems[0] == (
        'guide.toml:5: unit "Bad  Id": id must be a slug (lowercase letters, digits, hyphens)'
    )


async def test_every_screen_shows_untrusted_text_safely(make_app, untrusted):
    app = make_app(untrusted)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert header_lines(app)[0] == "Untrusted Guide"
        overview = screen_text(app)
        assert "East Asia [/] [@click=app.quit]quit[/]" in overview.replace("&#160;", " ")
        assert not CONTROL.search(overview)

        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "東京と北京: 条約 1905 red"
        assert shown(app, "#breadcrumb").startswith("The World 世界 evil › 1. East Asia [/]")
        tree = app.screen.query_one(CourseTree)
        assert str(tree.label(untrusted.topics[2])).endswith("Flags 🇬🇧🇫🇷 and people 👨‍👩‍👧 👍🏽")
        for _ in range(3):
            assert not CONTROL.search(screen_text(app))
            await pilot.press("n")

        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: palette_has_hits(app))
        assert isinstance(app.screen, CommandPalette)
        palette = screen_text(app).replace("&#160;", " ")
        assert not CONTROL.search(palette)
        # The reader's line that stays, behind the palette, cuts the chapter's name to keep
        # "topic n/N" whole: what it shows of the markup is shown, not obeyed.
        assert "1. East Asia [/] [@click" in palette, "shown, not obeyed"
        await pilot.press(*"cairo")
        await wait_until(pilot, lambda: palette_has_hits(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: shown(app, "#topic-title").startswith("القاهرة Cairo"))
        assert app.is_running


def test_export_never_prints_control_codes_from_a_progress_file(untrusted, clock):
    progress = Progress(untrusted.id)
    progress.set_note("tokyo", "mine\x1b]0;pwned\x07 \x1b[31mred", clock())
    progress.set_complete("gone\x1b[2J", True, clock())
    report = render(build_report(untrusted, progress, clock()), "markdown")
    assert not CONTROL.search(report)
    assert "mine red" in report and "- gone\n" in report


def test_untrusted_guide_snapshot(snap_compare, make_app, untrusted):
    assert snap_compare(make_app(untrusted), terminal_size=(100, 30), press=["enter", "n"])

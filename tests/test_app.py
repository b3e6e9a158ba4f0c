"""Pilot tests: every key of the overview, the reader, the tree, the pane and help."""

from __future__ import annotations

import tomllib

from histtui.screens.help import HelpScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.widgets.course_tree import CourseTree
from histtui.widgets.topic_page import render_body
from histtui.widgets.topic_view import TopicView
from tests.conftest import (
    header_lines,
    link_lines,
    missing_from_help,
    overall_progress,
    overview_rows,
    palette_has_hits,
    plain,
    shown,
    wait_until,
)

SIZE = (100, 30)


def open_title(app) -> str:
    return shown(app, "#topic-title")


async def test_overview_shows_guide_progress_and_chapters(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert header_lines(app)[0] == "Small Test Guide"
        assert overall_progress(app) == "0% Complete   0/5 Steps"
        rows = overview_rows(app)
        assert rows[0].startswith("Unit 1: The World in Crisis")
        assert "1. Making the Peace" in rows[1] and "2 Topics" in rows[1] and "0%" in rows[1]
        assert "2. Stalin's Soviet Union" in rows[2] and "1 Topic " in rows[2]
        assert rows[3].startswith("Unit 2: Bi-Polarity and the Cold War")
        assert "3. The Korean War" in rows[4]


async def test_mark_complete_updates_reader_tree_and_overview(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert open_title(app) == "The Aims of the Big Three"
        assert shown(app, "#breadcrumb") == "The World in Crisis › 1. Making the Peace"
        assert shown(app, "#chapter-progress-label") == "Chapter Progress  0% Complete"
        assert shown(app, "#status").startswith("Mark Complete")
        await pilot.press("c")
        assert shown(app, "#status").startswith("✔ Completed")
        assert shown(app, "#chapter-progress-label") == "Chapter Progress  50% Complete"
        tree = app.screen.query_one(CourseTree)
        assert str(tree.label(app.session.guide.topics[0])).startswith("✔ ")
        assert str(tree.label(app.session.guide.chapters[0])) == "1. 1/2 Making the Peace"
        saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
        assert "completed_at" in saved["topics"]["big-three-aims"]
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        assert overall_progress(app) == "20% Complete   1/5 Steps"
        assert overview_rows(app)[0] == "Continue: The Aims of the Big Three  (Making the Peace)"
        assert "50%" in overview_rows(app)[2]
        # The chapter stays highlighted; enter opens its first unfinished topic.
        await pilot.press("enter")
        assert open_title(app) == "The Treaty of Versailles: Terms [1919]"
        await pilot.press("p", "c")
        assert shown(app, "#status").startswith("Mark Complete")
        assert str(tree.label(app.session.guide.topics[0])).startswith("  ")


async def test_continue_reopens_the_last_topic_after_restart(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "n", "c", "q")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = overview_rows(app)
        assert rows[0].startswith("Continue: Key Reasons for the Rise of Stalin")
        assert overall_progress(app) == "20% Complete   1/5 Steps"
        await pilot.press("enter")
        assert open_title(app) == "Key Reasons for the Rise of Stalin"
        assert shown(app, "#status").startswith("✔ Completed")


async def test_next_and_previous_cross_chapters_and_units(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        titles = [open_title(app)]
        for _ in range(5):
            await pilot.press("n")
            titles.append(open_title(app))
        assert titles == [
            "The Aims of the Big Three",
            "The Treaty of Versailles: Terms [1919]",
            "Key Reasons for the Rise of Stalin",
            "Korea Divided, 1945",
            "The Inchon Landings",
            "The Inchon Landings",
        ]
        assert shown(app, "#breadcrumb") == "Bi-Polarity and the Cold War › 3. The Korean War"
        await pilot.press("p", "p")
        assert open_title(app) == "Key Reasons for the Rise of Stalin"
        tree = app.screen.query_one(CourseTree)
        await pilot.pause()
        assert tree.cursor_node.data.id == "rise-of-stalin"


async def test_escape_and_o_go_back_to_the_smart_guide(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "escape")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("enter", "o")
        assert isinstance(app.screen, OverviewScreen)
        assert "Back to Smart Guide" in "\n".join(link_lines(app))


async def test_tab_moves_focus_and_s_hides_the_sidebar(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.focused, TopicView)
        await pilot.press("tab")
        assert isinstance(app.focused, CourseTree)
        await pilot.press("tab")
        assert isinstance(app.focused, TopicView)
        tree = app.screen.query_one(CourseTree)
        await pilot.press("s")
        assert not tree.display
        assert app.screen.query_one(TopicView).region.x == 0
        await pilot.press("s")
        assert tree.display


async def test_tree_keys_move_collapse_expand_and_open(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "tab")
        tree = app.screen.query_one(CourseTree)
        await pilot.pause()
        assert tree.cursor_node.data.id == "big-three-aims"
        await pilot.press("j")
        assert tree.cursor_node.data.id == "versailles-terms"
        await pilot.press("k", "up")
        assert tree.cursor_node.data.id == "peace"
        await pilot.press("h")
        assert not tree.cursor_node.is_expanded
        await pilot.press("l")
        assert tree.cursor_node.is_expanded
        await pilot.press("left")
        assert not tree.cursor_node.is_expanded
        await pilot.press("left")
        assert tree.cursor_node.data.id == "crisis"
        await pilot.press("right", "right", "right")
        assert tree.cursor_node.data.id == "big-three-aims"
        await pilot.press("down", "down")
        assert tree.cursor_node.data.id == "stalin"
        await pilot.press("enter", "down", "enter")
        assert open_title(app) == "Key Reasons for the Rise of Stalin"


async def test_pane_scrolls_with_arrows_space_page_keys_home_and_end(make_app):
    app = make_app()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.press("enter")
        pane = app.screen.query_one(TopicView)
        assert app.focused is pane
        assert pane.max_scroll_y > 5
        await pilot.press("down")
        assert pane.scroll_y == 1
        await pilot.press("j", "k", "up")
        assert pane.scroll_y == 0
        await pilot.press("space")
        assert pane.scroll_y > 3
        await pilot.press("pageup")
        assert pane.scroll_y == 0
        await pilot.press("pagedown")
        assert pane.scroll_y > 3
        await pilot.press("end")
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("home")
        assert pane.scroll_y == 0


async def test_help_lists_keys_and_closes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


def test_help_names_every_bound_key():
    from histtui.app import HistTUI
    from histtui.screens.exam import ExamScreen, PlanScreen
    from histtui.screens.note import NoteScreen
    from histtui.screens.review import ReviewScreen
    from histtui.screens.search import SearchScreen
    from histtui.screens.timeline import TimelineScreen
    from histtui.screens.timeline_quiz import TimelineQuizScreen

    owners = (
        HistTUI,
        OverviewScreen,
        ReaderScreen,
        CourseTree,
        TopicView,
        NoteScreen,
        ReviewScreen,
        SearchScreen,
        ExamScreen,
        PlanScreen,
        TimelineScreen,
        TimelineQuizScreen,
    )
    assert not missing_from_help(owners), "missing from help"


async def test_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_command_palette_finds_a_topic_by_part_of_its_title(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"inchn")
        await wait_until(pilot, lambda: palette_has_hits(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert open_title(app) == "The Inchon Landings"


async def test_theme_choice_is_remembered(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert app.theme == "textual-light"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.press("d")
        assert app.theme == "textual-dark"


def test_figures_show_as_one_captioned_line():
    text = plain(render_body("## A\n![Photograph of Leon Trotsky]()\n- **Bold** point."), 60)
    assert "▣ Figure: Photograph of Leon Trotsky" in text
    assert "• Bold point." in text
    assert "**" not in text and "##" not in text


async def test_a_title_with_markup_characters_is_shown_literally(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        assert open_title(app) == "The Treaty of Versailles: Terms [1919]"

"""Pilot tests for case studies: `a`, the list, sources, answers, the marking guide,
self-marking, the finished score and skill profile, drills, and answers kept on quit."""

from __future__ import annotations

import tomllib

import pytest
from textual.widgets import OptionList, TextArea

from histtui.guide import answer_key
from histtui.guide_check import load_guide
from histtui.screens.case_study import CaseStudyScreen
from histtui.screens.case_study_list import CaseStudyListScreen, SkillDialog
from tests.conftest import FIXTURES, missing_from_help, plain, shown

SIZE = (120, 40)
STUDY = "munich-1938"


@pytest.fixture
def case_guide():
    return load_guide(FIXTURES / "case_study.toml")


def prompt(guide, index: int) -> str:
    return guide.case_study(STUDY).questions[index].prompt


def saved(state_path) -> dict:
    if not state_path.exists():
        return {}
    return tomllib.loads(state_path.read_text(encoding="utf-8"))


def saved_answers(state_path) -> dict[str, str]:
    return {key: answer["text"] for key, answer in saved(state_path).get("answers", {}).items()}


def saved_marks(state_path) -> list[tuple[str, int, int]]:
    return [(m["key"], m["level"], m["marks"]) for m in saved(state_path).get("self_marks", [])]


async def open_study(pilot) -> CaseStudyScreen:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseStudyListScreen)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CaseStudyScreen)
    return screen


async def test_a_opens_the_list_with_best_mark_and_last_attempt(make_app, case_guide):
    app = make_app(case_guide)
    study = case_guide.case_study(STUDY)
    app.session.mark_answer(study, study.questions[0], 3, 4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        options = app.screen.query_one("#cs-list", OptionList)
        row = plain(options.get_option_at_index(0).prompt)
        assert "The Munich Crisis, 1938" in row and "Appeasement, 1937-39" in row
        assert "Best 4/25" in row and "Last 01 Mar 2026" in row
        assert "inference 4/5 (80%)" in shown(app, "#cs-profile")
        await pilot.press("escape")
        assert not isinstance(app.screen, CaseStudyListScreen)


async def test_a_in_a_guide_without_case_studies_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, CaseStudyListScreen)
        assert "no case studies" in " ".join(str(t.message) for t in app._notifications)


async def test_a_from_the_reader_highlights_that_chapters_case_study(make_app, case_guide):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        app.open_topic(case_guide.topics[0])
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CaseStudyListScreen)
        assert app.screen.query_one("#cs-list", OptionList).highlighted == 0


async def test_letters_switch_sources_outside_the_editor_and_are_typed_inside(make_app, case_guide):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_study(pilot)
        assert "Source A: Adapted from a radio broadcast" in shown(app, "#cs-provenance")
        assert "Inquiry: Was Britain right" in shown(app, "#cs-inquiry")
        await pilot.press("b")  # typed: the answer editor has the focus
        assert screen.editor.text == "b" and screen.letter == "A"
        await pilot.press("tab")  # to the sources
        assert app.focused is not None and app.focused.id == "cs-source-scroll"
        await pilot.press("b")
        assert screen.letter == "B"
        assert "Source B: A cartoon by David Low" in shown(app, "#cs-provenance")
        assert "Cartoon (described)" in shown(app, "#cs-source-text")
        await pilot.press("C")
        assert screen.letter == "C"
        await pilot.press("f")  # no Source F: nothing changes
        assert screen.letter == "C"
        await pilot.press("tab")
        assert app.focused is screen.editor
        await pilot.press("ctrl+o")  # next source, from inside the editor
        assert screen.letter == "A" and screen.editor.text == "b"


async def test_narrow_screen_shows_one_pane_at_a_time(make_app, case_guide):
    app = make_app(case_guide)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_study(pilot)
        sources, work = screen.query_one("#cs-sources"), screen.query_one("#cs-work")
        assert work.display and not sources.display
        await pilot.press("tab")
        assert sources.display and not work.display
        await pilot.press("shift+tab")
        assert work.display and app.focused is screen.editor


async def test_typed_answer_saved_on_ctrl_s_and_between_questions(make_app, case_guide, state_path):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_study(pilot)
        await pilot.press(*"Not worth a war", "ctrl+s")
        await pilot.pause()
        key0 = answer_key(STUDY, prompt(case_guide, 0))
        assert saved_answers(state_path) == {key0: "Not worth a war"}
        await pilot.press("ctrl+n")
        assert screen.index == 1 and "Question 2 of 4" in shown(app, "#cs-question")
        assert screen.letter == "A" and screen.editor.text == ""
        await pilot.press(*"Both resist")
        await pilot.press("ctrl+n", "ctrl+b", "ctrl+b")
        assert screen.index == 0 and screen.editor.text == "Not worth a war"
        key1 = answer_key(STUDY, prompt(case_guide, 1))
        assert saved_answers(state_path)[key1] == "Both resist"
        await pilot.press(*" at all", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseStudyListScreen)
    assert saved_answers(state_path)[key0] == "Not worth a war at all"


async def test_a_case_study_reopens_at_the_first_question_not_yet_answered(make_app, case_guide):
    """Coming back (the same day or the next week), the student carries on where they were."""
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_study(pilot)
        await pilot.press(*"Not worth a war", "ctrl+n", *"Both resist", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseStudyListScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseStudyScreen) and screen.index == 2
        assert "Question 3 of 4" in shown(app, "#cs-question")


@pytest.mark.parametrize("key", ["ctrl+c", "q"])
async def test_the_answer_is_saved_on_quit(make_app, case_guide, state_path, key):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_study(pilot)
        await pilot.press(*"Typed, then quit")
        if key == "q":  # q is typed in the editor: leave it first
            await pilot.press("tab")
        assert screen.editor.text == "Typed, then quit"
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert saved_answers(state_path) == {
        answer_key(STUDY, prompt(case_guide, 0)): "Typed, then quit"
    }


async def test_reveal_then_self_mark_by_level_and_cycle_within_it(make_app, case_guide, state_path):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_study(pilot)
        await pilot.press(*"An inference")
        await pilot.press("3")  # typed: the guide is hidden and the editor has the focus
        assert screen.editor.text == "An inference3" and saved_marks(state_path) == []
        await pilot.press("backspace", "ctrl+r")
        guide = screen.query_one("#cs-guide")
        assert guide.display and app.focused is guide
        text = shown(app, "#cs-guide-text")
        assert "Level 3 (3-4 marks)" in text and "Model answer" in text
        assert "Mark yourself: press 1-4" in shown(app, "#cs-mark")
        await pilot.press("3")
        key = answer_key(STUDY, prompt(case_guide, 0))
        assert saved_marks(state_path) == [(key, 3, 4)]
        assert "Level 3, 4/5" in shown(app, "#cs-mark")
        assert "press 3 again for 3" in shown(app, "#cs-mark")
        await pilot.press("3")  # one mark lower within level 3: the same attempt, corrected
        assert saved_marks(state_path) == [(key, 3, 3)]
        await pilot.press("3")  # back to the top of the level
        assert saved_marks(state_path) == [(key, 3, 4)]
        await pilot.press("4")
        assert saved_marks(state_path) == [(key, 4, 5)]
        await pilot.press("5")  # no level 5 in this scheme
        assert saved_marks(state_path) == [(key, 4, 5)]
        await pilot.press("ctrl+r")  # hide: back to the answer
        assert not guide.display and app.focused is screen.editor
        await pilot.press("ctrl+r", "2")  # a new reveal is a new attempt
        assert saved_marks(state_path) == [(key, 4, 5), (key, 2, 2)]
        assert "last self-mark 2/5" in shown(app, "#cs-question")
        assert saved_answers(state_path) == {key: "An inference"}


async def test_a_finished_case_study_shows_its_score_and_skill_profile(make_app, case_guide):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        await open_study(pilot)
        for level in ("4", "3", "2", "4"):
            assert shown(app, "#cs-score").strip() == ""
            await pilot.press("ctrl+r", level, "ctrl+n")
        score = shown(app, "#cs-score")
        assert "Finished: 21/25" in score
        assert "inference 5/5 (100%)" in score and "reliability 3/6 (50%)" in score


async def test_drill_one_skill_from_the_list(make_app, case_guide, state_path):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "d")
        await pilot.pause()
        assert isinstance(app.screen, SkillDialog)
        await pilot.press("down", "down", "enter")  # inference, comparison, reliability
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseStudyScreen) and screen.drill == "reliability"
        assert "Drill: reliability" in shown(app, "#cs-title")
        assert "Question 1 of 1" in shown(app, "#cs-question")
        assert screen.letter == "C"
        await pilot.press("ctrl+r")
        assert "Level 4 (6 marks)" in shown(app, "#cs-guide-text")
        await pilot.press("4")
        assert "Drill done" in shown(app, "#cs-score")
        key = answer_key(STUDY, prompt(case_guide, 2))
        assert saved_marks(state_path) == [(key, 4, 6)]


async def test_the_timer_counts_down(make_app, case_guide):
    app = make_app(case_guide)
    app.session.monotonic = lambda: 100.0
    async with app.run_test(size=SIZE) as pilot:
        await open_study(pilot)
        assert "ctrl+t: timer" in shown(app, "#cs-timer")
        await pilot.press("ctrl+t")
        assert "Time left 10:00" in shown(app, "#cs-timer")
        await pilot.press("ctrl+t", "ctrl+t")
        assert "ctrl+t: timer" in shown(app, "#cs-timer")
        assert isinstance(app.screen.query_one("#cs-answer"), TextArea)


def test_help_names_every_case_study_key():
    from histtui.screens.overview import OverviewScreen
    from histtui.screens.reader import ReaderScreen

    owners = (CaseStudyListScreen, CaseStudyScreen, SkillDialog, OverviewScreen, ReaderScreen)
    assert not missing_from_help(owners), "missing from help"


def test_search_index_finds_words_in_sources(case_guide):
    from histtui.search import SearchIndex

    index = SearchIndex(case_guide)
    (found,) = index.sources("david LOW")
    assert (found.case_study.id, found.letter) == (STUDY, "B")
    assert found.snippet[found.spans[0][0] : found.spans[0][1]] == "David"
    assert [r.letter for r in index.sources("Czechoslovakia")] == ["B", "C"]
    assert index.sources("") == [] and index.sources("zeppelin") == []


async def test_search_opens_a_case_study_at_the_source(make_app, case_guide):
    from histtui.screens.search import SearchScreen

    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"reckoning")  # only in Source C
        await pilot.pause()
        assert shown(app, "#search-count") == (
            "No topic holds all of those words; 1 case-study source does"
        )
        options = app.screen.query_one("#search-results", OptionList)
        assert "Case study: The Munich Crisis, 1938, Source C" in plain(
            options.get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseStudyScreen)
        assert screen.letter == "C" and screen.index == 1  # the first question on Source C
        assert "Source C: Adapted from a speech by Winston Churchill" in shown(
            app, "#cs-provenance"
        )
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "cs-source-scroll"


async def palette_offers(pilot, command: str) -> None:
    """Type `command` into the command palette and wait until it is the first offered."""
    from textual.command import CommandList

    await pilot.press("ctrl+p", *command)
    for _ in range(100):
        await pilot.pause(0.02)
        commands = pilot.app.screen.query(CommandList)
        if commands and commands.first().option_count:
            first = plain(commands.first().get_option_at_index(0).prompt)
            if command in first:
                return
    raise AssertionError(f"the palette did not offer {command!r}")


async def test_palette_opens_the_list_and_a_drill(make_app, case_guide):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        await palette_offers(pilot, "Drill: assertion")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseStudyScreen) and screen.drill == "assertion"
        assert "Question 1 of 1" in shown(app, "#cs-question")
        await pilot.press("escape")
        await pilot.pause()
        await palette_offers(pilot, "Case studies")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseStudyListScreen)


async def test_the_palette_offers_no_case_study_commands_without_case_studies(make_app):
    from histtui.widgets.palette import CaseStudyCommands

    app = make_app()
    async with app.run_test(size=SIZE):
        assert CaseStudyCommands(app.screen).commands() == []


async def test_the_timeline_opens_the_case_study_of_an_events_time(make_app, case_guide):
    app = make_app(case_guide)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("ctrl+o")  # the Munich Agreement, 30 September 1938
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseStudyScreen) and screen.letter == "A"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CaseStudyScreen)


async def test_the_skill_profile_shows_in_the_statistics_too(make_app, case_guide):
    from histtui.screens.statistics import StatisticsScreen

    app = make_app(case_guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        assert "mark yourself on a question" in shown(app, "#stats-skills")
        study = case_guide.case_studies[0]
        app.session.mark_answer(study, study.questions[0], 3, 4)
        await pilot.press("escape", "S")
        await pilot.pause()
        assert shown(app, "#stats-skills").startswith("Skill profile: inference 4/5 (80%)")


def test_numbered_points_of_a_source_keep_their_own_lines():
    from histtui.widgets.case_study_parts import reflow

    text = "1. The parties will not attack\neach other.\n4. Nor help an attacker.\n\nLast\nwords."
    assert reflow(text) == (
        "1. The parties will not attack each other.\n4. Nor help an attacker.\n\nLast words."
    )

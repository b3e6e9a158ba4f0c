"""Pilot tests for exam practice: `x`, choosing a question, the plan editor, timer, model answer."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static, TextArea

from histtui.guide import question_key
from histtui.screens.exam import ExamScreen, PlanScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.widgets.countdown import CountdownLabel
from tests.conftest import palette_has_hits, plain, shown, wait_until

SIZE = (100, 30)
ESSAY = "How far was the Treaty of Versailles fair to Germany?"
SOURCE_PROMPT = "What is the message of Source A? Explain your answer."
SOURCE = "Source A: a British cartoon of 1919"


class FakeMonotonic:
    """A monotonic clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def question_rows(app) -> list[str]:
    options = app.screen.query_one("#questions", OptionList)
    return [
        " ".join(plain(options.get_option_at_index(index).prompt).split())
        for index in range(options.option_count)
    ]


def saved_plans(state_path) -> dict[str, str]:
    saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
    return {key: plan["text"] for key, plan in saved["plans"].items()}


def essay_key(app) -> str:
    return question_key("peace", ESSAY)


def toasts(app) -> str:
    return " ".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def wait_for(pilot, condition, seconds: float = 5.0) -> bool:
    """Let the app run until `condition()` holds (timers fire in real time)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def test_x_on_a_chapter_row_lists_its_questions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, ExamScreen)
        assert shown(app, "#exam-title") == "Exam practice · 1. Making the Peace"
        essay, source = question_rows(app)
        assert essay == f"1. Structured essay {ESSAY}"
        assert source.startswith("2. Source-based: inference Source A: a British cartoon")
        assert source.index(SOURCE) < source.index(SOURCE_PROMPT)
        assert "Plan saved" not in essay + source
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_x_on_a_chapter_without_questions_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert await wait_for(
            pilot, lambda: "2. Stalin's Soviet Union has no exam questions." in toasts(app)
        )


async def test_x_while_reading_opens_the_topic_s_chapter(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "n")
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        await pilot.press("x")
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.chapter.id == "peace"
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"


async def test_x_on_continue_opens_the_last_topic_s_chapter(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "n", "o")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("x")
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.chapter.id == "peace"


async def test_enter_opens_the_plan_editor_and_ctrl_s_saves(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "down", "enter")
        assert isinstance(app.screen, PlanScreen)
        assert isinstance(app.focused, TextArea)
        assert shown(app, "#plan-title").endswith("1. Making the Peace · Source-based: inference")
        assert shown(app, "#plan-source").startswith(SOURCE)
        assert shown(app, "#plan-prompt") == SOURCE_PROMPT
        # Letters, q, ? and T are text here, not keys.
        await pilot.press(*"War in 1940? q T", "enter", *"- the child")
        assert isinstance(app.screen, PlanScreen)
        assert app.focused.text == "War in 1940? q T\n- the child"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert saved_plans(state_path) == {
            question_key("peace", SOURCE_PROMPT): "War in 1940? q T\n- the child"
        }
        assert await wait_for(pilot, lambda: "Plan saved" in toasts(app))


async def test_escape_saves_and_the_plan_comes_back(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter", *"Harsh", "escape")
        assert isinstance(app.screen, ExamScreen)
        assert saved_plans(state_path) == {essay_key(app): "Harsh"}
        essay, source = question_rows(app)
        assert essay.startswith("1. Structured essay ✔ Plan saved")
        assert "Plan saved" not in source
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x")
        assert "Plan saved" in question_rows(app)[0]
        await pilot.press("enter")
        editor = app.screen.query_one("#plan-text", TextArea)
        assert editor.text == "Harsh"
        # The cursor is at the end, so typing carries on the plan.
        await pilot.press(*" but fair?", "escape", "escape")
        assert isinstance(app.screen, OverviewScreen)
        assert saved_plans(state_path) == {essay_key(app): "Harsh but fair?"}


async def test_quitting_with_ctrl_q_saves_the_open_plan(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter", *"Not saved yet")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert saved_plans(state_path) == {essay_key(app): "Not saved yet"}


async def test_the_app_saves_open_editors_before_quitting(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter", *"Half a plan")
        app.save_unsaved_work()
        assert app.is_running
        assert saved_plans(state_path) == {essay_key(app): "Half a plan"}


async def test_any_other_exit_saves_the_open_plan_too(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter", *"Closing the terminal")
        app.exit()
        await pilot.pause()
    assert saved_plans(state_path) == {essay_key(app): "Closing the terminal"}


async def test_leaving_an_untouched_plan_saves_nothing(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter", "escape", "escape", "q")
    assert not state_path.exists() or saved_plans(state_path) == {}


async def test_t_cycles_the_timer_and_the_countdown_reaches_zero(make_app):
    app = make_app()
    clock = FakeMonotonic()
    app.session.monotonic = clock
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x")
        assert shown(app, "#exam-timer").startswith("Timer: off")
        labels = []
        for _ in range(3):
            await pilot.press("T")
            labels.append(shown(app, "#exam-timer").split(",")[0].split("   ")[0])
        assert labels == ["Timer: 10 minutes", "Timer: 30 minutes", "Timer: off"]
        await pilot.press("T", "enter")
        assert shown(app, "#plan-timer") == "Time left 10:00"
        clock.now += 61
        assert await wait_for(pilot, lambda: shown(app, "#plan-timer") == "Time left 08:59")
        clock.now += 539
        assert await wait_for(pilot, lambda: shown(app, "#plan-timer") == "Time's up")
        assert await wait_for(pilot, lambda: "Time's up" in toasts(app))
        assert app.screen.query_one("#plan-timer").has_class("-times-up")
        # The plan stays editable.
        await pilot.press(*"Still writing")
        assert app.screen.query_one("#plan-text", TextArea).text == "Still writing"


async def test_ctrl_t_cycles_the_timer_in_the_editor(make_app):
    app = make_app()
    clock = FakeMonotonic()
    app.session.monotonic = clock
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter")
        assert shown(app, "#plan-timer") == ""
        await pilot.press("ctrl+t")
        assert shown(app, "#plan-timer") == "Time left 10:00"
        clock.now += 5
        await pilot.press("ctrl+t")
        assert shown(app, "#plan-timer") == "Time left 30:00"
        clock.now += 1
        assert await wait_for(pilot, lambda: shown(app, "#plan-timer") == "Time left 29:59")
        await pilot.press("ctrl+t")
        assert shown(app, "#plan-timer") == ""
        clock.now += 3600
        assert app.screen.query_one(CountdownLabel).ticker is None, "no countdown once off"
        await pilot.pause()
        assert shown(app, "#plan-timer") == ""
        assert app.screen.query_one(TextArea).text == ""


async def test_ctrl_r_shows_the_model_answer_beside_the_plan(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("x", "down", "enter", *"Another war")
        model = app.screen.query_one("#model", VerticalScroll)
        editor = app.screen.query_one("#plan-text", TextArea)
        assert not model.display
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert model.display
        answer = plain(app.screen.query_one("#model-answer", Static).content, 40)
        assert "Message: the treaty will cause another war" in " ".join(answer.split())
        assert "**" not in answer
        # Side by side, each readable at 80 columns; typing goes on in the plan.
        assert model.region.y == editor.region.y
        assert model.region.x >= editor.region.right
        assert editor.region.width >= 36 and model.region.width >= 36
        assert app.focused is editor
        await pilot.press(*" soon")
        assert editor.text == "Another war soon"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not model.display
        assert editor.region.width > 70


def test_help_names_every_exam_key():
    from histtui.screens.help import KEYS

    (group,) = [keys for name, keys in KEYS if name == "Exam practice"]
    described = " ".join(key for key, _ in group)
    for bindings in (
        ExamScreen.BINDINGS,
        PlanScreen.BINDINGS,
        [binding for binding in OverviewScreen.BINDINGS if binding.action == "exam"],
        [binding for binding in ReaderScreen.BINDINGS if binding.action == "exam"],
    ):
        for binding in bindings:
            for key in binding.key.split(","):
                assert key in described, f"{key} is missing from the help screen"
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for key in ("x", "T", "ctrl+t", "ctrl+r", "ctrl+s"):
        assert f"| `{key}` |" in readme, f"{key} is missing from README's Keys"


async def test_opening_a_topic_from_the_palette_closes_exam_practice(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("x", "enter", *"Punitive", "ctrl+p", *"inchn")
        await wait_until(pilot, lambda: palette_has_hits(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Inchon Landings"
        assert saved_plans(state_path) == {essay_key(app): "Punitive"}
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert len(app.screen_stack) == 2


async def test_the_plan_screen_keeps_a_readable_measure_on_a_wide_terminal(make_app):
    """Issue 13: prompt, source and a lone editor at most 72 columns of text at 160."""
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("x", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PlanScreen))
        for selector in ("#plan-prompt", "#plan-source", "#plan-text"):
            width = app.screen.query_one(selector).content_region.width
            assert 40 <= width <= 72, (selector, width)

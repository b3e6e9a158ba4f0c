"""Pilot tests: every key of the timeline and its quiz, as a student presses them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, OptionList, Static

from histtui.app import HistTUI
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from histtui.screens.help import KEYS, HelpScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.screens.timeline import TimelineScreen
from histtui.screens.timeline_quiz import TimelineQuizScreen
from histtui.timeline import Timeline
from histtui.widgets.timeline_rows import EventRow, wrap
from tests.conftest import plain, shown

SIZE = (100, 30)


def rows(app: HistTUI) -> list[str]:
    """The timeline's list as the student reads it, one string per year or event."""
    options = app.screen.query_one("#timeline-events", OptionList)
    texts = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        text = prompt.content.plain if isinstance(prompt, EventRow) else str(prompt)
        texts.append(" ".join(text.split()))
    return texts


def cursor(app: HistTUI) -> str:
    """The highlighted row."""
    options = app.screen.query_one("#timeline-events", OptionList)
    assert options.highlighted is not None
    return rows(app)[options.highlighted]


def status(app: HistTUI) -> str:
    return shown(app, "#timeline-status")


async def test_t_from_the_overview_lists_events_by_year_with_their_chapters(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert rows(app) == [
            "1919",
            "18 January 1919 The Paris Peace Conference opens 1. Making the Peace",
            "28 June 1919 The Treaty of Versailles is signed 1. Making the Peace",
            "1950",
            "15 September 1950 UN forces land at Inchon 3. The Korean War",
        ]
        assert cursor(app).startswith("18 January 1919")
        assert status(app) == "All chapters: 3 events"
        assert shown(app, "#timeline-topic") == "enter opens The Aims of the Big Three"
        assert isinstance(app.focused, OptionList)


async def test_escape_goes_back_where_the_student_was(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "escape")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("enter", "n", "t")
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        assert len(app.screen_stack) == 2


async def test_t_from_the_reader_starts_at_the_topics_event(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "t")
        await pilot.pause()
        assert cursor(app).startswith("28 June 1919 The Treaty of Versailles is signed")
        assert status(app) == "All chapters: 3 events · ctrl+f shows only 1. Making the Peace"
        assert shown(app, "#timeline-topic") == (
            "enter opens The Treaty of Versailles: Terms [1919]"
        )


async def test_down_up_and_enter_open_the_events_topic(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "down", "down")
        assert cursor(app).startswith("15 September 1950")
        assert shown(app, "#timeline-topic") == "enter opens The Inchon Landings"
        await pilot.press("up")
        assert cursor(app).startswith("28 June 1919")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        assert app.session.progress.last_topic is not None
        assert app.session.progress.last_topic.value == "versailles-terms"
        assert len(app.screen_stack) == 2
        # From the reader, the timeline opens at this topic; enter opens another topic.
        await pilot.press("t", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Inchon Landings"
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_typing_on_the_list_filters_the_events(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"INCH")
        await pilot.pause()
        box = app.screen.query_one("#timeline-filter", Input)
        assert app.focused is box
        assert box.value == "INCH"
        assert rows(app) == ["1950", "15 September 1950 UN forces land at Inchon 3. The Korean War"]
        assert status(app) == "All chapters: 1 event matching “INCH”"
        # Several words must all match; topic and chapter titles count.
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"peace treaty")
        await pilot.pause()
        assert rows(app) == [
            "1919",
            "28 June 1919 The Treaty of Versailles is signed 1. Making the Peace",
        ]
        await pilot.press(*" zzz")
        await pilot.pause()
        assert rows(app) == []
        assert status(app) == "All chapters: 0 events matching “peace treaty zzz”"
        assert shown(app, "#timeline-topic") == ""


async def test_escape_or_down_in_the_filter_returns_to_the_list(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"1919")
        await pilot.pause()
        box = app.screen.query_one("#timeline-filter", Input)
        events = app.screen.query_one("#timeline-events", OptionList)
        assert app.focused is box and len(rows(app)) == 3
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)
        assert app.focused is events
        assert box.value == "1919" and len(rows(app)) == 3
        # Keys of the timeline are typed as letters in the filter.
        await pilot.press("space", "tab")
        assert app.focused is box
        await pilot.press(*" sign")
        assert box.value == "1919 sign"
        await pilot.press("down")
        assert app.focused is events
        assert len(rows(app)) == 2
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"


async def test_f_and_z_are_typed_in_the_filter_box(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "x", "f", "z", "t", "q", "d")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert app.screen.query_one("#timeline-filter", Input).value == "xfztqd"
        assert app.theme == "textual-dark"


async def test_f_limits_to_the_chapter_being_read_and_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t")
        await pilot.pause()
        assert len(rows(app)) == 5
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert rows(app) == [
            "1919",
            "18 January 1919 The Paris Peace Conference opens 1. Making the Peace",
            "28 June 1919 The Treaty of Versailles is signed 1. Making the Peace",
        ]
        assert status(app) == "Only 1. Making the Peace: 2 events · ctrl+f shows all chapters"
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert len(rows(app)) == 5
        assert status(app) == "All chapters: 3 events · ctrl+f shows only 1. Making the Peace"


async def test_f_with_a_filter_and_a_chapter_without_events(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "n")
        assert shown(app, "#topic-title") == "Key Reasons for the Rise of Stalin"
        await pilot.press("t", "ctrl+f")
        await pilot.pause()
        assert rows(app) == []
        assert (
            status(app) == "No dated events in 2. Stalin's Soviet Union · ctrl+f shows all chapters"
        )
        await pilot.press("ctrl+z")
        assert isinstance(app.screen, TimelineScreen)
        assert status(app).startswith("Not enough events here for a quiz")
        await pilot.press("ctrl+f", *"paris")
        await pilot.pause()
        assert status(app) == "All chapters: 1 event matching “paris” · ctrl+f shows only " + (
            "2. Stalin's Soviet Union"
        )


async def test_f_from_the_overview_uses_the_chapter_last_read(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "n", "n", "o")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("t")
        await pilot.pause()
        assert cursor(app).startswith("18 January 1919")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert rows(app) == ["1950", "15 September 1950 UN forces land at Inchon 3. The Korean War"]
        assert status(app) == "Only 3. The Korean War: 1 event · ctrl+f shows all chapters"


async def test_f_before_any_topic_is_read_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "ctrl+f")
        await pilot.pause()
        assert status(app) == "Open a topic first to limit to its chapter"
        assert len(rows(app)) == 5
        await pilot.press("down")
        assert status(app) == "Open a topic first to limit to its chapter"
        await pilot.press("x")  # typing filters, and the notice gives way to the count
        await pilot.pause()
        assert status(app) == "All chapters: 0 events matching “x”"


def choices_text(app: HistTUI) -> str:
    """The events of the question, as the student reads them."""
    return plain(app.screen.query_one("#quiz-choices", Static).content)


def quiz_screen(app: HistTUI) -> TimelineQuizScreen:
    assert isinstance(app.screen, TimelineQuizScreen)
    return app.screen


async def test_z_quiz_scores_right_and_wrong_answers_and_escape_ends_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "ctrl+z")
        await pilot.pause()
        screen = quiz_screen(app)
        assert shown(app, "#quiz-score") == "Score: 0/0"
        assert shown(app, "#quiz-source") == "From 3 events in every chapter"
        question = screen.quiz.question
        assert question is not None
        choices = choices_text(app)
        for position, entry in enumerate(question.choices, start=1):
            assert f"{position}  {entry.event.text}" in choices
            assert entry.date not in choices  # no dates before the answer
        count = len(question.choices)
        keys = "1 or 2" if count == 2 else "1, 2 or 3"
        assert shown(app, "#quiz-prompt") == f"Press {keys}: which came first?"

        # A right answer.
        await pilot.press(str(question.answer + 1))
        assert shown(app, "#quiz-verdict") == "✔ Right!"
        assert shown(app, "#quiz-score") == "Score: 1/1"
        choices = choices_text(app)
        first = question.choices[question.answer]
        assert f"{first.date}  {first.chapter.number}. {first.chapter.title}  ← came first" in (
            choices
        )
        assert all(entry.date in choices for entry in question.choices)
        assert shown(app, "#quiz-prompt").startswith("Press any key for the next question")

        # Any key moves on; the score stays.
        await pilot.press("x")
        second = screen.quiz.question
        assert second is not None and second is not question
        assert shown(app, "#quiz-verdict") == ""
        assert shown(app, "#quiz-score") == "Score: 1/1"

        # A wrong answer.
        wrong = (second.answer + 1) % len(second.choices)
        await pilot.press(str(wrong + 1))
        assert shown(app, "#quiz-verdict") == f"✘ Not quite: {second.answer + 1} came first."
        assert shown(app, "#quiz-score") == "Score: 1/2"
        assert "← your answer" in choices_text(app)
        # Answer keys do not answer twice: they too move on.
        await pilot.press(str(second.answer + 1))
        assert shown(app, "#quiz-score") == "Score: 1/2"
        third = screen.quiz.question
        assert third is not second

        # Enter moves on too, once answered.
        await pilot.press(str(third.answer + 1), "enter")
        assert shown(app, "#quiz-score") == "Score: 2/3"
        assert screen.quiz.answered is None

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        assert status(app) == "Quiz over: final score 2/3"


async def test_quiz_keys_beyond_the_events_shown_and_before_an_answer_do_nothing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "ctrl+z")
        screen = quiz_screen(app)
        while screen.quiz.question is not None and len(screen.quiz.question.choices) != 2:
            await pilot.press("1", "enter")
        asked = screen.quiz.asked
        question = screen.quiz.question
        await pilot.press("3", "x", "enter", "space")
        assert screen.quiz.question is question
        assert screen.quiz.asked == asked
        assert shown(app, "#quiz-verdict") == ""


async def test_escape_before_any_answer_says_none_were_answered(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "ctrl+z", "escape")
        await pilot.pause()
        assert status(app) == "Quiz over: no questions answered"


async def test_the_quiz_asks_about_the_events_shown(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t", "ctrl+f", "ctrl+z")
        await pilot.pause()
        screen = quiz_screen(app)
        assert shown(app, "#quiz-source") == "From 2 events in 1. Making the Peace"
        for _ in range(5):
            question = screen.quiz.question
            assert question is not None
            assert {entry.chapter.id for entry in question.choices} == {"peace"}
            await pilot.press("1", "enter")
        await pilot.press("escape", *"treaty")
        await pilot.pause()
        assert len(rows(app)) == 2
        await pilot.press("escape", "ctrl+z")
        assert status(app) == (
            "Not enough events here for a quiz: it needs two from different months"
        )


async def test_question_mark_opens_help_from_the_timeline(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)


async def test_the_bundled_guide_scrolls_from_first_event_to_last(make_app):
    app = make_app(load_guide(bundled_guide()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        # 11 events told twice in other words (issue 13) are shown once.
        assert status(app) == "All chapters: 681 events"
        assert rows(app)[0] == "1898"
        last = Timeline.of(app.session.guide).entries[-1]
        await pilot.press("end")
        assert cursor(app).startswith(f"{last.date} {last.event.text[:20]}")
        await pilot.press("home")
        assert cursor(app).startswith("1898 The US defeats Spain")
        await pilot.press(*"ceausescu")
        await pilot.pause()
        assert rows(app)[1].startswith("25 December 1989 Nicolae and Elena Ceaușescu")


def test_help_has_timeline_groups():
    # Every key is checked against help in tests/test_app.py::test_help_names_every_bound_key.
    groups = [group for group, _ in KEYS]
    assert "Timeline" in groups and "Timeline quiz" in groups


@given(text=st.text(alphabet="ab cé—", max_size=60), width=st.integers(1, 20))
def test_wrap_keeps_every_word_and_fits_the_width(text, width):
    lines = wrap(text, width)
    assert all(end - start <= width for start, end in lines)
    assert "".join(text[start:end] for start, end in lines).replace(" ", "") == text.replace(
        " ", ""
    )


async def test_rows_wrap_again_when_the_terminal_is_resized(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        events = app.screen.query_one("#timeline-events", OptionList)
        one_line = events.get_option_at_index(1).prompt
        assert isinstance(one_line, EventRow) and len(one_line.lines) == 1
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        await pilot.pause()
        narrow = events.get_option_at_index(1).prompt
        assert isinstance(narrow, EventRow) and len(narrow.lines) > 1
        assert rows(app)[1] == "18 January 1919 The Paris Peace 1. Making … Conference opens"

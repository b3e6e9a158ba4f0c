"""Pilot tests for issue 13: the bugs a new student met, narrow terminals, keys to find."""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.widgets import Input, OptionList, TextArea

from histtui.app import HistTUI
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.screens.timeline import TimelineScreen
from histtui.screens.timeline_quiz import TimelineQuizScreen
from histtui.widgets.course_tree import CourseTree
from histtui.widgets.guide_header import GuideHeader
from histtui.widgets.topic_page import TopicBody
from tests.conftest import (
    at_each_body_drawing,
    cards_due,
    footer_keys,
    footer_text,
    header_lines,
    link_lines,
    shown,
)

SIZE = (100, 30)


async def wait_for(pilot, condition, tries: int = 100) -> None:
    """Let the app run until `condition()` holds (no fixed sleeps)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    assert condition()


# Bug 1 ---------------------------------------------------------------------------------


async def test_the_overall_progress_bar_has_room_to_show(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(GuideHeader)
        assert header.content_region.width == 80 - 4  # the overview's padding
        drawn = header_lines(app)[2]  # painted, not just laid out
        assert len(drawn) == 76 and set(drawn) <= set("━╸╺")


# Bug 2 ---------------------------------------------------------------------------------


async def test_every_letter_typed_in_the_timeline_filter_goes_into_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press(*"five")  # typed on the list: every letter goes to the filter
        box = app.screen.query_one("#timeline-filter", Input)
        assert box.value == "five"
        assert shown(app, "#timeline-status").startswith("All chapters")
        await pilot.press("escape", "backspace", *"zinoviev")
        assert box.value.endswith("zinoviev")
        assert isinstance(app.screen, TimelineScreen)  # z typed into the box: no quiz


async def test_f_and_z_still_work_on_the_list(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("ctrl+f")
        assert shown(app, "#timeline-status").startswith("Only")
        await pilot.press("ctrl+f")
        assert shown(app, "#timeline-status").startswith("All chapters")


# Bug 3 ---------------------------------------------------------------------------------


async def test_the_bookmark_star_shows_for_a_long_title_in_a_narrow_sidebar(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "b")
        await pilot.pause()
        tree = app.screen.query_one(CourseTree)
        line = tree.cursor_node
        assert line is not None
        label = line.label.plain
        assert label.index("★") < label.index(line.data.title[:5])
        # What the tree paints on the cursor's line shows the star.
        strip = tree.render_line(tree.cursor_line - tree.scroll_offset.y)
        assert "★" in strip.text


# Bug 4 ---------------------------------------------------------------------------------


async def test_ctrl_s_right_after_a_paste_saves_what_was_pasted(make_app, state_path):
    app = make_app()
    said: list[str] = []
    app.notify = lambda message, **kwargs: said.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        await wait_for(pilot, lambda: isinstance(app.focused, TextArea))
        assert shown(app, "#note-state") == "ctrl+s saves your note, escape goes back"
        app.focused.post_message(events.Paste("Grey blur"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Grey blur" in state_path.read_text(encoding="utf-8"))
        assert shown(app, "#note-state") == "Saved"
        assert said == ["Note saved"]
        await pilot.press("ctrl+s")  # nothing changed: nothing new said
        await pilot.pause()
        assert said == ["Note saved"]


# Bug 6 ---------------------------------------------------------------------------------


async def test_the_palette_offers_no_developer_commands(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for developer in ("Maximize", "Screenshot", "Minimize"):
            assert developer not in titles
        for ours in ("Review cards", "Timeline", "Search", "Exam practice", "Export report"):
            assert ours in titles


# Bug 7 ---------------------------------------------------------------------------------


async def test_q_after_an_answer_in_the_quiz_moves_on_and_does_not_quit(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "ctrl+z")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineQuizScreen))
        quiz = app.screen.quiz
        await pilot.press("1")
        assert quiz.answered is not None
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TimelineQuizScreen)
        assert quiz.answered is None  # the next question
        await pilot.press("q")  # before an answer, q ends the quiz with its score
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TimelineScreen)
        assert f"final score {quiz.right}/1" in shown(app, "#timeline-status")


# Bug 9 ---------------------------------------------------------------------------------


async def test_j_k_g_G_move_on_the_smart_guide(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#chapters", OptionList)
        first = options.highlighted
        await pilot.press("j")
        assert options.highlighted != first
        await pilot.press("k")
        assert options.highlighted == first
        await pilot.press("G")
        assert options.highlighted == options.option_count - 1
        await pilot.press("g")
        assert options.highlighted == first


# Bug 10 --------------------------------------------------------------------------------


async def test_mark_complete_and_next_respond_to_the_mouse(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        topic = reader.topic
        assert topic is not None
        await pilot.click("#status")
        await pilot.pause()
        assert app.session.progress.is_complete(topic.id)
        await pilot.press("end")  # the links under the notes
        await pilot.click("#topic-nav", offset=link_offset(app, "Next:"))
        await wait_for(pilot, lambda: reader.topic is not topic)
        await pilot.press("end")
        await pilot.click("#topic-nav", offset=link_offset(app, "Previous:"))
        await wait_for(pilot, lambda: reader.topic is topic)
        await pilot.press("end")
        await pilot.click("#topic-nav", offset=link_offset(app, "Back to Smart Guide"))
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))


def link_offset(app: HistTUI, words: str) -> tuple[int, int]:
    """Where the link under the notes that says `words` is, in the links' own cells."""
    nav = app.screen.query_one("#topic-nav", TopicBody)
    lines = link_lines(app)
    row = next(number for number, line in enumerate(lines) if words in line)
    x, y = nav.content_offset
    return x + lines[row].index(words), y + row


def underlined(app: HistTUI) -> list[str]:
    """The words of each link line drawn underlined (what the mouse is over)."""
    nav = app.screen.query_one("#topic-nav", TopicBody)
    lines = nav.render_lines(Region(0, 0, *nav.outer_size))
    return [
        "".join(segment.text for segment in line if segment.style and segment.style.underline)
        for line in lines
        if any(segment.style and segment.style.underline for segment in line)
    ]


async def test_the_link_under_the_mouse_is_underlined_and_no_other(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "end")
        assert underlined(app) == []
        await pilot.hover("#topic-nav", offset=link_offset(app, "Next:"))
        await wait_for(pilot, lambda: underlined(app) != [])
        (words,) = underlined(app)
        assert words.startswith("n › Next: ") and "Previous" not in words
        await pilot.hover("#topic-nav", offset=link_offset(app, "Previous:"))
        await wait_for(pilot, lambda: underlined(app)[:1] != [words])
        assert [line.startswith("p ‹ Previous: ") for line in underlined(app)] == [True]


def _unused(app: HistTUI) -> OverviewScreen | None:  # keeps imports honest for mypy
    return None


# Narrow terminals -------------------------------------------------------------------------


async def test_below_100_columns_the_sidebar_is_hidden_until_s_or_tab(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        tree = app.screen.query_one(CourseTree)
        topic = app.screen.query_one("#topic")
        scrollbar = app.screen.query_one("#topic-scrollbar")
        assert not tree.display or tree.region.width == 0
        assert topic.region.width + scrollbar.region.width == 80  # the topic, and where in it
        await pilot.press("tab")
        await pilot.pause()
        assert tree.region.width > 0 and app.focused is tree
        await pilot.press("down", "enter")  # opening a topic closes the sidebar again
        await pilot.pause()
        assert tree.region.width == 0
        await pilot.press("s")
        await pilot.pause()
        assert tree.region.width > 0
        await pilot.press("s")
        await pilot.pause()
        assert tree.region.width == 0 and app.focused is topic


async def test_the_topic_keeps_a_readable_measure_at_120_columns(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter", "s")
        await pilot.pause()
        assert app.screen.query_one("#topic-body").region.width <= 72


async def test_a_line_that_stays_says_where_the_student_is(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        assert shown(app, "#where") == "1. Making the Peace · topic 2/2 · chapter 0% done"
        await pilot.press("end")
        await pilot.pause()
        assert app.screen.query_one("#where").region.y == 0


async def test_m_completes_and_moves_on_and_c_says_incomplete_once_done(make_app):
    app = make_app()
    said: list[str] = []
    app.notify = lambda message, **kwargs: said.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        reader = app.screen
        first = reader.topic
        assert reader.active_bindings["c"].binding.description == "Complete"
        await pilot.press("m")
        await pilot.pause()
        assert app.session.progress.is_complete(first.id)
        assert reader.topic is not first
        await pilot.press("m")  # the chapter's last topic: the chapter is finished
        await pilot.pause()
        assert any(message.startswith("Chapter complete: 1. Making the Peace") for message in said)
        tree = reader.query_one(CourseTree)
        assert tree.label(first.chapter).plain.startswith("1. ✔ Making the Peace")
        await pilot.press("p")
        await pilot.pause()
        assert reader.active_bindings["c"].binding.description == "Incomplete"


async def test_the_reader_footer_at_80_columns_shows_the_keys_that_matter(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        keys = footer_keys(app)
        for key in ("b", "slash", "t", "r", "s", "R", "n", "c", "e", "question_mark"):
            assert key in keys and keys[key][1] <= 80, key
        for label in ("b Star", "/ Find", "c Complete", "? Help"):
            assert label in footer_text(app), label


async def test_search_hits_are_counted_one_by_one_and_n_N_show_in_the_footer(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_first_hit(pilot, "germany")
        assert app.screen.active_bindings["n"].binding.description == "Next hit"
        assert "N" in app.screen.active_bindings
        lines = [line for line, _, _ in view.hits]
        assert len(view.hits) >= len(set(lines))
        await pilot.press("escape")
        assert app.screen.active_bindings["n"].binding.description == "Next"


async def open_first_hit(pilot, words: str):
    """Search for `words`, open the first result and wait for its hits to be marked."""
    app = pilot.app
    await pilot.press("slash", *words, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
    view = app.screen.query_one("#topic")
    await wait_for(pilot, lambda: bool(view.hits))
    return view


async def test_at_80_columns_the_footer_fits_while_search_hits_show(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first_hit(pilot, "germany")
        await wait_for(pilot, lambda: "Next hit" in footer_text(app))
        assert all(end <= 80 for _first, end in footer_keys(app).values())
        text = footer_text(app)
        for label in ("n Next hit", "N Prev hit", "esc Clear", "c Complete", "/ Find", "? Help"):
            assert label in text, (label, text)
        assert "b Star" in text and "e Note" in text and "s Side" in text
        await pilot.press("n")  # the hit keys work...
        await wait_for(pilot, lambda: view.hit_index == 1)
        await pilot.press("t")  # ...and so do the keys whose labels made room
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))


async def test_continue_reopens_a_topic_where_the_student_stopped(make_app, state_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "pagedown")
        await pilot.pause()
        view = app.screen.query_one("#topic")
        stopped = round(view.scroll_y)
        assert stopped > 0
        await pilot.press("o")
        await pilot.press("enter")  # Continue
        await wait_for(pilot, lambda: round(view.scroll_y) == stopped)
        await pilot.press("q")
    assert "[places." in state_path.read_text(encoding="utf-8")
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        view = again.screen.query_one("#topic")
        await wait_for(pilot, lambda: round(view.scroll_y) == stopped)


async def test_p_back_to_a_topic_shows_where_the_student_stopped_a_frame_later(
    make_app, monkeypatch
):
    """The place can be scrolled to only once the topic is laid out (its height decides
    how far it scrolls): one frame from its top, then where the student stopped (there
    were two frames from the top)."""
    app = make_app()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.press("enter", "pagedown")
        view = app.screen.query_one("#topic")
        await wait_for(pilot, lambda: view.scroll_y > 3)
        stopped = round(view.scroll_y)
        await pilot.press("n")
        await wait_for(pilot, lambda: view.scroll_y == 0)
        drawn_at = at_each_body_drawing(monkeypatch, lambda: round(view.scroll_y))
        await pilot.press("p")
        await wait_for(pilot, lambda: stopped in drawn_at)
        assert drawn_at.index(stopped) <= 1, drawn_at


async def test_help_opens_on_the_keys_of_the_screen_the_student_is_on(make_app):
    from histtui.screens.help import KEYS, ordered

    assert ordered("ReaderScreen")[0][0] == "Reading a topic"
    assert ordered("TimelineScreen")[0][0] == "Timeline"
    assert sorted(group for group, _ in ordered("ReviewScreen")) == sorted(g for g, _ in KEYS)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert app.screen.screen_name == "ReaderScreen"
        # What the student sees first: the reader's keys, at the top of the help at 100x30.
        table = app.screen.query_one("#help Static")
        await wait_for(pilot, lambda: table.size.height > 0)
        first = next(
            text for y in range(table.size.height) if (text := table.render_line(y).text.strip())
        )
        assert first == "Reading a topic", first
        await pilot.press("escape", "r", "question_mark")  # the flashcards' keys first
        await wait_for(pilot, lambda: app.screen.query("#help Static"))
        table = app.screen.query_one("#help Static")
        await wait_for(pilot, lambda: table.size.height > 0)
        first = next(
            text for y in range(table.size.height) if (text := table.render_line(y).text.strip())
        )
        assert first.startswith("Flashcards"), first


async def test_the_palette_ranks_stalin_topics_first(make_app):
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"stalin")
        options = app.screen.query_one("CommandList", OptionList)

        def stalin_first() -> bool:
            return options.option_count > 0 and "Stalin" in str(
                options.get_option_at_index(0).prompt
            )

        await wait_for(pilot, stalin_first)


def test_a_figure_takes_one_line_at_80_columns():
    from histtui.widgets.topic_page import render_body
    from tests.conftest import plain

    text = plain(render_body("![Photograph: a very long caption " + "word " * 30 + "]()"), 76)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("▣ Figure: Photograph") and "…" in lines[0]


async def test_the_students_own_note_is_rendered_as_markdown(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e", *"**Grey blur**", "ctrl+s", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_for(pilot, lambda: "Grey blur" in shown(app, "#topic-note"))
        assert "**" not in shown(app, "#topic-note")


async def test_the_timeline_remembers_ctrl_f_and_centres_the_current_event(make_app):
    from histtui.guide_check import load_guide
    from histtui.paths import bundled_guide

    guide = load_guide(bundled_guide())
    app = make_app(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        later = next(t for t in guide.topics[100:] if t.events)
        app.open_topic(later)
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        events_list = app.screen.query_one("#timeline-events", OptionList)
        await wait_for(pilot, lambda: events_list.scroll_y > 0)
        date_text = str(later.events[0].text)[:20]
        lines = [events_list.render_line(y).text for y in range(events_list.size.height)]
        row = next(y for y, line in enumerate(lines) if date_text in line)
        height = events_list.size.height
        assert height // 4 <= row <= 3 * height // 4, (row, height)
        await pilot.press("ctrl+f", "escape", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await wait_for(pilot, lambda: shown(app, "#timeline-status").startswith("Only"))


# Bug 5 ---------------------------------------------------------------------------------


async def test_the_smart_guide_review_screen_and_export_say_the_same_cards_due(
    make_app, state_path, capsys
):
    import json
    import re

    from histtui.cli import main
    from tests.conftest import SMALL_GUIDE

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "n", "c", "o")
        await wait_for(pilot, lambda: "due now" in cards_due(app))
        found = re.search(r"(\d+) cards? due now", cards_due(app))
        assert found is not None
        overview = int(found.group(1))
        assert overview > 0
        await pilot.press("r")
        await wait_for(pilot, lambda: "Flashcards" in shown(app, "#review-count"))
        counts = re.findall(r"(\d+) (?:new|learning|review)", shown(app, "#review-count"))
        assert sum(map(int, counts)) == overview
        await pilot.press("escape", "q")
    args = ["--guide", str(SMALL_GUIDE), "--state", str(state_path), "export", "--format", "json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert sum(chapter["cards_due"] for chapter in report["chapters"]) == overview


async def test_the_current_search_hit_looks_different_from_the_others(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_first_hit(pilot, "germany")
        await wait_for(pilot, lambda: len(view.hits) >= 2)
        body = app.screen.query_one("#topic-body")

        def marks() -> list[tuple[int, str]]:
            """(line, background) of each painted hit, top to bottom."""
            return [
                (y, str(segment.style.bgcolor))
                for y in range(body.size.height)
                for segment in body.render_line(y)
                if segment.text.lower() == "germany" and segment.style and segment.style.bgcolor
            ]

        await wait_for(pilot, lambda: len(marks()) >= 2)
        first = marks()
        assert len({background for _, background in first}) == 2  # the current one stands out
        await pilot.press("n")
        await wait_for(pilot, lambda: marks() != first)
        assert marks()[0][1] != first[0][1]  # n moved the current hit on from the first


async def test_two_hits_on_one_line_count_as_two(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"an", "enter")  # "another German invasion": three on a line
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        view = app.screen.query_one("#topic")
        await wait_for(pilot, lambda: bool(view.hits))
        lines = [line for line, _, _ in view.hits]
        assert len(lines) > len(set(lines))  # some line holds more than one hit
        assert shown(app, "#search-status").startswith(f"Hit 1 of {len(view.hits)} ")

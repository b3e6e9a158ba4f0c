"""The timeline's core: date order, years, one entry per event, filtering, and the quiz."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from histtui.guide import Chapter, Event, Guide, Topic, Unit
from histtui.guide_check import load_guide, parse_guide
from histtui.timeline import (
    Quiz,
    Timeline,
    by_year,
    chapter_label,
    display_date,
    distinguishable,
)

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "guide.toml"

GUIDE = """
format = 1
id = "dates"
title = "Dates"

[[units]]
id = "u"
title = "Unit"

[[units.chapters]]
id = "weimar"
title = "Weimar Germany"

[[units.chapters.topics]]
id = "crisis"
title = "The Crisis of 1923"
body = "Hyperinflation."
events = [
  { date = "1923-11-15", text = "The Rentenmark is introduced" },
  { date = "1923-01", text = "French and Belgian troops occupy the Ruhr" },
  { date = "1924-01-21", text = "Lenin dies" },
]

[[units.chapters.topics]]
id = "recovery"
title = "Stresemann's Golden Years"
body = "Recovery."
events = [
  { date = "1924", text = "The Dawes Plan eases reparations" },
  { date = "1924-01", text = "A month of 1924" },
  { date = "1926-09-08", text = "Germany joins the League of Nations" },
  { date = "1923-11-15", text = "Another event on the same day" },
]

[[units.chapters]]
id = "league"
title = "The League of Nations"

[[units.chapters.topics]]
id = "members"
title = "Members of the League"
body = "Members."
events = [
  { date = "1926-09-08", text = "Germany joins the League of Nations" },
  { date = "1935-10-03", text = "Italy invades Abyssinia (Ethiopia) – Mussolini's war" },
]

[[units.chapters]]
id = "romania"
title = "Ceaușescu's Romania"

[[units.chapters.topics]]
id = "fall"
title = "The Fall of Ceaușescu"
body = "1989."
events = [{ date = "1989-12-25", text = "Nicolae and Elena Ceaușescu are executed" }]
"""


@pytest.fixture
def guide() -> Guide:
    return parse_guide(GUIDE)


def texts(entries) -> list[str]:
    return [entry.event.text for entry in entries]


def test_events_are_in_date_order_a_year_before_its_months_and_days(guide):
    timeline = Timeline(guide)
    assert [entry.event.date for entry in timeline] == [
        "1923-01",
        "1923-11-15",
        "1923-11-15",
        "1924",
        "1924-01",
        "1924-01-21",
        "1926-09-08",
        "1935-10-03",
        "1989-12-25",
    ]
    assert [entry.index for entry in timeline] == list(range(len(timeline)))


def test_events_on_the_same_date_keep_guide_order(guide):
    same_day = [entry for entry in Timeline(guide) if entry.event.date == "1923-11-15"]
    assert texts(same_day) == ["The Rentenmark is introduced", "Another event on the same day"]
    assert [entry.topic.id for entry in same_day] == ["crisis", "recovery"]


def test_an_event_under_two_topics_is_listed_once_under_the_first(guide):
    league = [entry for entry in Timeline(guide) if "League of Nations" in entry.event.text]
    assert len(league) == 1
    assert league[0].topic.id == "recovery"
    assert league[0].chapter.title == "Weimar Germany"


def test_the_same_text_on_another_date_is_another_event():
    guide = parse_guide(
        GUIDE.replace('"1926-09-08", text = "Germany joins', '"1926-09", text = "Germany joins', 1)
    )
    league = [entry for entry in Timeline(guide) if "League of Nations" in entry.event.text]
    assert [entry.event.date for entry in league] == ["1926-09", "1926-09-08"]


def test_dates_read_as_a_student_writes_them():
    assert display_date("1924-01-21") == "21 January 1924"
    assert display_date("1950-09-05") == "5 September 1950"
    assert display_date("1924-01") == "January 1924"
    assert display_date("1924-12") == "December 1924"
    assert display_date("1924") == "1924"


def test_entries_group_under_their_years(guide):
    years = by_year(Timeline(guide))
    assert [year for year, _ in years] == [1923, 1924, 1926, 1935, 1989]
    assert texts(years[1][1]) == [
        "The Dawes Plan eases reparations",
        "A month of 1924",
        "Lenin dies",
    ]
    assert [len(entries) for _, entries in years] == [3, 3, 1, 1, 1]
    assert by_year([]) == []


def test_chapter_label_has_its_number(guide):
    assert chapter_label(guide.chapters[1]) == "2. The League of Nations"


def test_filter_matches_every_word_in_event_topic_chapter_or_date(guide):
    timeline = Timeline(guide)
    assert texts(timeline.filter("rentenmark")) == ["The Rentenmark is introduced"]
    assert texts(timeline.filter("GERMANY league")) == ["Germany joins the League of Nations"]
    assert texts(timeline.filter("germany abyssinia")) == []
    # The topic's title and the chapter's title count too.
    assert texts(timeline.filter("golden")) == [
        "Another event on the same day",
        "The Dawes Plan eases reparations",
        "A month of 1924",
        "Germany joins the League of Nations",
    ]
    assert texts(timeline.filter("2. league")) == [
        "Italy invades Abyssinia (Ethiopia) – Mussolini's war"
    ]
    # And so does the date as it is shown.
    assert texts(timeline.filter("january 1924")) == ["A month of 1924", "Lenin dies"]
    assert len(timeline.filter("")) == len(timeline) == len(timeline.filter("   "))


def test_filter_ignores_accents_and_case(guide):
    timeline = Timeline(guide)
    assert texts(timeline.filter("ceausescu")) == ["Nicolae and Elena Ceaușescu are executed"]
    assert texts(timeline.filter("CEAUȘESCU ELENA")) == ["Nicolae and Elena Ceaușescu are executed"]
    entry = timeline.filter("elena")[0]
    assert entry.spans(["ceausescu"]) == [(18, 27)]
    assert entry.event.text[18:27] == "Ceaușescu"


def test_filter_to_a_chapter(guide):
    timeline = Timeline(guide)
    league = guide.chapters[1]
    assert texts(timeline.filter(chapter=league)) == [
        "Italy invades Abyssinia (Ethiopia) – Mussolini's war"
    ]
    weimar = guide.chapters[0]
    assert len(timeline.filter(chapter=weimar)) == 7
    assert texts(timeline.filter("lenin", weimar)) == ["Lenin dies"]
    assert timeline.filter("lenin", league) == []


def test_timeline_of_a_guide_is_built_once(guide):
    assert Timeline.of(guide) is Timeline.of(guide)
    assert Timeline.of(guide) is not Timeline.of(parse_guide(GUIDE))


def test_bundled_guide_timeline():
    guide = load_guide(BUNDLED)
    timeline = Timeline(guide)
    events = list(guide.events())
    pairs = {(event.date, event.text) for event, _ in events}
    # 11 events are told twice in other words on the same date (issue 13): shown once.
    assert len(timeline) == len(pairs) - 11 < len(events)
    keys = [entry.key for entry in timeline]
    assert keys == sorted(keys)
    poland = [entry for entry in timeline if entry.event.text == "Germany invades Poland"]
    assert len(poland) == 1 and poland[0].chapter.number == 4
    assert poland[0] in timeline.filter("GERMANY invades poland")
    (versailles,) = [
        e for e in timeline if e.event.date == "1919-06-28" and "Versailles" in e.event.text
    ]
    assert len(versailles.chapters) == 2
    for chapter in versailles.chapters:
        assert versailles in timeline.filter(chapter=chapter)


def test_the_same_event_in_other_words_is_one_event():
    from histtui.timeline import same_event

    assert same_event(
        Event("1939-09-17", "The Red Army invades eastern Poland"),
        Event("1939-09-17", "The Soviet Union invades eastern Poland"),
    )
    assert not same_event(
        Event("1939-09-17", "The Red Army invades eastern Poland"),
        Event("1939-09-18", "The Red Army invades eastern Poland"),
    )
    assert not same_event(
        Event("1945-08-08", "The USSR declares war on Japan"),
        Event("1945-08-08", "Stalin's troops cross into Manchuria"),
    )


# ---------------------------------------------------------------------------------------
# The quiz


def entries_of(*dates: str):
    topic = Topic(
        "t", "Topic", "Body", [], [Event(date, f"Event {n}") for n, date in enumerate(dates)]
    )
    guide = Guide("g", "Guide", [Unit("u", "Unit", [Chapter("c", "Chapter", 1, [topic])])])
    # In the order given, not in date order.
    return sorted(Timeline(guide).entries, key=lambda entry: int(entry.event.text.split()[1]))


def test_distinguishable_needs_different_years_or_months():
    a, b, c, d, e, f = entries_of(
        "1924", "1924-01", "1924-01-21", "1924-03-02", "1925", "1924-01-30"
    )
    assert distinguishable(a, e) and distinguishable(b, e)
    assert distinguishable(b, d) and distinguishable(c, d)
    assert not distinguishable(a, b)  # "1924" may be January 1924 or after it
    assert not distinguishable(a, d)
    assert not distinguishable(c, f)  # same month: too close to call in a quiz


def test_a_question_has_two_or_three_events_one_plainly_first(guide):
    quiz = Quiz(Timeline(guide).entries, random.Random(3))
    sizes = set()
    for _ in range(200):
        question = quiz.next_question()
        assert question is not None
        sizes.add(len(question.choices))
        first = question.choices[question.answer]
        for position, entry in enumerate(question.choices):
            if position != question.answer:
                assert first.key < entry.key
                assert distinguishable(first, entry)
        assert len({entry.event.text for entry in question.choices}) == len(question.choices)
    assert sizes == {2, 3}


def test_the_quiz_never_asks_the_same_question_twice_running(guide):
    quiz = Quiz(Timeline(guide).entries, random.Random(5))
    last = None
    for _ in range(100):
        question = quiz.next_question()
        assert question is not None
        assert set(question.choices) != last
        last = set(question.choices)


def test_the_same_seed_asks_the_same_questions(guide):
    def questions(seed: int) -> list[list[str]]:
        quiz = Quiz(Timeline(guide).entries, random.Random(seed))
        asked = []
        for _ in range(20):
            question = quiz.next_question()
            assert question is not None
            asked.append(texts(question.choices))
        return asked

    assert questions(11) == questions(11)
    assert questions(11) != questions(12)


def test_answers_are_scored(guide):
    quiz = Quiz(Timeline(guide).entries, random.Random(1))
    assert quiz.score == "Score: 0/0"
    question = quiz.next_question()
    assert question is not None
    assert quiz.answer(question.answer) is True
    assert quiz.score == "Score: 1/1"
    with pytest.raises(ValueError):
        quiz.answer(question.answer)  # answered already
    question = quiz.next_question()
    assert question is not None
    wrong = (question.answer + 1) % len(question.choices)
    assert quiz.answer(wrong) is False
    assert (quiz.right, quiz.asked, quiz.score) == (1, 2, "Score: 1/2")
    quiz.next_question()
    with pytest.raises(ValueError):
        quiz.answer(3)


def test_no_question_when_no_two_events_can_be_told_apart():
    for dates in [(), ("1924-01-21",), ("1924", "1924-01"), ("1924-01-02", "1924-01-30")]:
        quiz = Quiz(entries_of(*dates), random.Random(0))
        assert quiz.next_question() is None
        assert not quiz.possible
    # Two events a year-only date cannot separate from the third: the two others are asked.
    quiz = Quiz(entries_of("1924", "1924-01", "1924-05"), random.Random(0))
    for _ in range(10):
        question = quiz.next_question()
        assert question is not None
        assert sorted(entry.event.date for entry in question.choices) == ["1924-01", "1924-05"]


@settings(max_examples=60, deadline=None)
@given(
    dates=st.lists(
        st.tuples(st.integers(1914, 1918), st.integers(0, 3), st.integers(0, 2)).map(
            lambda ymd: (
                str(ymd[0])
                if not ymd[1]
                else f"{ymd[0]}-{ymd[1]:02d}"
                if not ymd[2]
                else f"{ymd[0]}-{ymd[1]:02d}-{ymd[2]:02d}"
            )
        ),
        max_size=12,
    ),
    seed=st.integers(0, 1000),
)
def test_no_question_is_ever_ambiguous(dates, seed):
    quiz = Quiz(entries_of(*dates), random.Random(seed))
    for _ in range(5):
        question = quiz.next_question()
        if question is None:
            assert not any(distinguishable(a, b) for a in quiz.entries for b in quiz.entries)
            return
        assert 2 <= len(question.choices) <= 3
        for i, a in enumerate(question.choices):
            for b in question.choices[i + 1 :]:
                assert distinguishable(a, b)

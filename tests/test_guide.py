"""The guide loader: structure, navigation, and every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from histtui.guide import Event, GuideError, split_figures
from histtui.guide_check import load_guide, parse_guide
from histtui.textclean import clean_text

HEADER = 'format = 1\nid = "g"\ntitle = "G"\n'
MINIMAL = (
    HEADER
    + '[[units]]\nid = "u"\ntitle = "U"\n'
    + '[[units.chapters]]\nid = "c"\ntitle = "C"\n'
    + '[[units.chapters.topics]]\nid = "t"\ntitle = "T"\nbody = "## S\\n- A bullet."\n'
)


def problems(text: str) -> list[str]:
    with pytest.raises(GuideError) as caught:
        parse_guide(text)
    return caught.value.problems


def test_small_guide_structure(small_guide):
    assert small_guide.id == "small-guide"
    assert [unit.title for unit in small_guide.units] == [
        "The World in Crisis",
        "Bi-Polarity and the Cold War",
    ]
    assert [chapter.number for chapter in small_guide.chapters] == [1, 2, 3]
    korea = small_guide.chapters[2]
    assert korea.unit.id == "cold-war"
    assert [topic.id for topic in korea.topics] == ["korea-divided", "inchon"]
    assert small_guide.topic("inchon").chapter is korea
    assert small_guide.topic("nope") is None
    assert small_guide.summary() == "2 units, 3 chapters, 5 topics, 1 card, 3 events"


def test_next_and_previous_cross_chapter_and_unit_boundaries(small_guide):
    stalin = small_guide.topic("rise-of-stalin")
    assert small_guide.next_topic(stalin).id == "korea-divided"
    assert small_guide.previous_topic(small_guide.topic("korea-divided")) is stalin
    assert small_guide.previous_topic(small_guide.topics[0]) is None
    assert small_guide.next_topic(small_guide.topics[-1]) is None


def test_questions_cards_and_events_are_loaded(small_guide):
    chapter = small_guide.chapters[0]
    assert chapter.questions[0].kind == "essay"
    assert small_guide.topics[0].cards[0].front == "What did Clemenceau want from the peace?"
    events = sorted(small_guide.events(), key=lambda pair: pair[0].sort_key)
    assert [event.date for event, _ in events] == ["1919-01-18", "1919-06-28", "1950-09-15"]


def test_event_sort_key_orders_partial_dates_first():
    dates = ["1924-01-21", "1924", "1923-12", "1924-01"]
    ordered = sorted((Event(date, "") for date in dates), key=lambda event: event.sort_key)
    assert [event.date for event in ordered] == ["1923-12", "1924", "1924-01", "1924-01-21"]


def test_duplicate_id_names_both_lines():
    text = MINIMAL + '[[units.chapters.topics]]\nid = "t"\ntitle = "Again"\nbody = "x"\n'
    assert problems(text) == ['guide.toml:15: topic "t": duplicate id (first at line 11)']


def test_every_problem_is_reported_at_once_with_its_line():
    text = (
        HEADER
        + 'colour = "red"\n'  # line 4
        + '[[units]]\nid = "u"\ntitle = "U"\n'  # 5-7
        + '[[units.chapters]]\nid = "c"\n'  # 8-9: no title
        + "[[units.chapters.topics]]\n"  # 10
        + 'id = "Bad Id"\n'  # 11
        + 'title = "T"\n'  # 12
        + 'body = "  "\n'  # 13
        + "[[units.chapters.topics.events]]\n"  # 14
        + 'date = "1924-02-30"\n'  # 15
        + 'text = "Not a day"\n'  # 16
        + "[[units.chapters.topics.cards]]\n"  # 17
        + "front = 3\n"  # 18
        + 'back = "B"\n'  # 19
        + "[[units.chapters.questions]]\n"  # 20
        + 'kind = "quiz"\n'  # 21
        + 'prompt = "P"\nanswer = "A"\n'
    )
    assert problems(text) == [
        "guide.toml:4: guide: unknown key 'colour'",
        'guide.toml:8: chapter "c": missing title',
        'guide.toml:11: topic "Bad Id": id must be a slug (lowercase letters, digits, hyphens)',
        'guide.toml:13: topic "Bad Id": empty body',
        'guide.toml:18: topic "Bad Id": card 1: front must be a string',
        "guide.toml:15: topic \"Bad Id\": event 1: bad date '1924-02-30': no such day",
        'guide.toml:21: chapter "c": question 1: kind must be one of essay, source',
    ]


def test_missing_pieces_are_reported():
    assert problems("format = 1\n") == [
        "guide.toml:1: guide: missing id",
        "guide.toml:1: guide: missing title",
        "guide.toml:1: guide: no units",
    ]


def test_broken_toml_gives_its_line():
    (problem,) = problems(MINIMAL + "[[units.chapters.topics]\n")
    assert problem.startswith("guide.toml:14: not valid TOML:")


def test_newer_format_is_refused_plainly():
    (problem,) = problems(MINIMAL.replace("format = 1", "format = 2"))
    assert "format 2 is newer than this histtui understands" in problem


def test_wrong_types_are_reported():
    text = HEADER + 'units = "all of them"\n'
    assert problems(text) == [
        "guide.toml:4: guide: units must be a list of tables ([[units]])",
        "guide.toml:1: guide: no units",
    ]


def test_bad_date_shapes_and_bare_toml_dates():
    text = MINIMAL + '[[units.chapters.topics.events]]\ndate = 1924-01-21\ntext = "Lenin dies"\n'
    guide = parse_guide(text)
    assert guide.topics[0].events[0].date == "1924-01-21"
    bad = MINIMAL + '[[units.chapters.topics.events]]\ndate = "21 Jan 1924"\ntext = "x"\n'
    assert problems(bad) == [
        "guide.toml:15: topic \"t\": event 1: bad date '21 Jan 1924' "
        '(use "1924", "1924-01" or "1924-01-21")'
    ]


def test_a_body_containing_a_table_header_does_not_confuse_line_numbers():
    text = MINIMAL.replace(
        'body = "## S\\n- A bullet."', 'body = """\n## S\n[[units]]\n- A bullet.\n"""'
    )
    text += '[[units.chapters.topics]]\nid = "t"\ntitle = "Again"\nbody = "x"\n'
    assert problems(text) == ['guide.toml:19: topic "t": duplicate id (first at line 11)']


def test_control_codes_are_removed_from_guide_text():
    text = MINIMAL.replace('title = "T"', 'title = "T\\u001b[31mred\\u001b[0m\\u202e!\\u0007"')
    assert parse_guide(text).topics[0].title == "Tred!"
    assert clean_text("a\x1b]0;evil title\x07b") == "ab"
    assert clean_text("café 東京 👍 مرحبا") == "café 东京 👍 مرحبا".replace("东", "東")


def test_split_figures():
    body = "## A\n![Photograph of Leon Trotsky](trotsky.png)\n- One.\n"
    assert split_figures(body) == [
        ("markdown", "## A"),
        ("figure", "Photograph of Leon Trotsky"),
        ("markdown", "- One."),
    ]


def test_load_guide_reports_unreadable_files(tmp_path: Path):
    with pytest.raises(GuideError) as caught:
        load_guide(tmp_path / "missing.toml")
    assert "cannot read the guide" in caught.value.problems[0]
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'format = 1\ntitle = "caf\xe9"\n')
    with pytest.raises(GuideError) as caught:
        load_guide(latin)
    assert caught.value.problems == ["latin.toml:2: not UTF-8 text"]

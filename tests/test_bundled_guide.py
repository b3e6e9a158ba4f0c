"""The bundled guide: its structure, and what can be checked mechanically of its notes."""

from __future__ import annotations

import re

import pytest

from histtui.cli import main
from histtui.guide import Guide
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide

CHAPTERS = {
    "The World in Crisis": [
        ("Impact of World War I in Europe", 14),
        ("Stalin's Soviet Union", 12),
        ("Hitler's Germany", 27),
        ("Outbreak of World War II in Europe", 13),
        ("Germany's Defeat in World War II", 21),
        ("Outbreak of War in the Asia-Pacific", 6),
        ("Japan's Defeat", 10),
    ],
    "Bi-Polarity and the Cold War": [
        ("Reasons for the Cold War in Europe", 21),
        ("The Korean War", 19),
        ("The Cuban Missile Crisis", 25),
        ("The End of the Cold War", 19),
    ],
}
MIN_EVENTS = {"The World in Crisis": 120, "Bi-Polarity and the Cold War": 100}


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(bundled_guide())


def words(body: str) -> int:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)
    return len(re.sub(r"[#*\-]", " ", text).split())


def test_histtui_check_is_clean(capsys):
    assert main(["check", str(bundled_guide())]) == 0
    assert "2 units, 11 chapters, 187 topics" in capsys.readouterr().out


def test_units_and_chapters_in_order_with_their_topic_counts(guide):
    found = {
        unit.title: [(chapter.title, len(chapter.topics)) for chapter in unit.chapters]
        for unit in guide.units
    }
    assert found == CHAPTERS
    assert [chapter.number for chapter in guide.chapters] == list(range(1, 12))
    assert len(guide.topics) == 187


@pytest.mark.parametrize("unit_title", list(CHAPTERS))
def test_each_topic_is_a_full_page_of_notes(guide, unit_title):
    unit = next(unit for unit in guide.units if unit.title == unit_title)
    events = 0
    for chapter in unit.chapters:
        assert len(chapter.questions) >= 2, chapter.title
        assert any(question.kind == "essay" for question in chapter.questions), chapter.title
        for topic in chapter.topics:
            assert 180 <= words(topic.body) <= 500, (topic.id, words(topic.body))
            sections = re.findall(r"^## ", topic.body, re.MULTILINE)
            assert 1 <= len(sections) <= 4, topic.id
            assert re.search(r"^- .*\*\*.+?\*\*", topic.body, re.MULTILINE), topic.id
            assert len(topic.cards) >= 3, topic.id
            assert topic.events, topic.id
            events += len(topic.events)
    assert events >= MIN_EVENTS[unit_title]


def test_titles_and_bodies_are_unique(guide):
    bodies = [topic.body for topic in guide.topics]
    assert len(set(bodies)) == len(bodies)
    titles = [topic.title for topic in guide.topics]
    assert len(set(titles)) == len(titles)


def test_the_rise_of_stalin_topic(guide):
    topic = guide.topic("key-reasons-rise-of-stalin")
    assert topic is not None
    assert topic.title == "Key Reasons for the Rise of Stalin"
    assert topic.chapter.title == "Stalin's Soviet Union"
    first_section = topic.body.split("\n## ")[0]
    assert first_section.lstrip().startswith(
        "## Leon Trotsky's (1879–1940) Unpopularity in the Politburo"
    )
    assert "![Photograph of Leon Trotsky]" in first_section
    for point in ("Permanent Revolution", "Socialism in One Country", "Testament", "NEP"):
        assert point in first_section
    assert "General Secretary" in topic.body


def test_source_questions_name_their_skill_and_source(guide):
    for chapter in guide.chapters:
        for question in chapter.questions:
            if question.kind == "source":
                assert question.skill and question.source, chapter.title


RELIABILITY_LADDER = [
    "**Level 1: provenance alone**",
    "**Level 2: tests the content by cross-reference or by context**",
    "**Level 3: tests the content by both cross-reference and context, or explains the purpose**",
    "**Level 4: tests both content and purpose and reaches a judgement**",
]


def test_reliability_answers_share_one_marking_ladder(guide):
    questions = [
        question
        for chapter in guide.chapters
        for question in chapter.questions
        if question.skill == "reliability"
    ]
    assert questions
    for question in questions:
        levels = re.findall(r"^- (\*\*Level \d: .+?\*\*)", question.answer, re.MULTILINE)
        assert levels == RELIABILITY_LADDER, question.prompt


def test_every_topic_renders_without_raw_markdown(guide):
    from histtui.widgets.topic_page import render_body
    from tests.conftest import plain

    for topic in guide.topics:
        text = plain(render_body(topic.body), 80)
        assert "**" not in text and "![" not in text, topic.id
        assert not re.search(r"^\s*#", text, re.MULTILINE), topic.id
        assert text.count("•") == len(re.findall(r"^- ", topic.body, re.MULTILINE)), topic.id
        figures = re.findall(r"^!\[([^\]]*)\]", topic.body, re.MULTILINE)
        assert text.count("Figure") >= len(figures), topic.id


CASE_STUDY_CHAPTERS = {
    # chapter number: papers (the four case-study topics of the syllabus get two each)
    1: 1,
    2: 1,
    3: 2,
    4: 2,
    5: 1,
    6: 1,
    7: 1,
    8: 2,
    9: 2,
    10: 1,
    11: 1,
}
VISUAL = {"cartoon", "poster", "photograph", "map"}


def test_fifteen_source_based_papers_cover_the_course(guide):
    found = {chapter.number: len(chapter.case_studies) for chapter in guide.chapters}
    assert found == CASE_STUDY_CHAPTERS
    assert len(guide.case_studies) == 15


def test_every_skill_is_practised_at_least_eight_times(guide):
    from collections import Counter

    skills = Counter(q.skill for study in guide.case_studies for q in study.questions)
    for skill in ("inference", "purpose", "comparison", "reliability", "surprise", "utility"):
        assert skills[skill] >= 8, (skill, skills)
    assert skills["assertion"] == 15


@pytest.mark.parametrize("index", range(15))
def test_each_paper_has_the_shape_of_the_exam(guide, index):
    study = guide.case_studies[index]
    kinds = [source.kind for source in study.sources]
    assert 5 <= len(study.sources) <= 6, study.id
    assert VISUAL & set(kinds), f"{study.id}: no visual source"
    assert kinds.count("text") >= 2, f"{study.id}: fewer than two text sources"
    skills = [question.skill for question in study.questions]
    assert skills[:3] == ["inference", "purpose", "comparison"], study.id
    assert skills[-1] == "assertion" and len(skills) == 6, study.id
    assert sum(question.marks for question in study.questions) == study.marks == 36
    for source in study.sources:
        assert len(source.text.split()) <= 150, (study.id, source.letter)
        assert source.original.strip(), (study.id, source.letter)
        if source.kind == "text":
            assert "adapted from" in source.provenance.lower(), (study.id, source.letter)
    for question in study.questions:
        assert question.levels[-1].high == question.marks, (study.id, question.prompt)
        assert 80 <= len(question.answer.split()) <= 350, (study.id, question.prompt)

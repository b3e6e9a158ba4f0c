"""Source-based case studies in the guide format: loading, every rule, the cache, the summary."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from histtui.guide import SKILLS, SOURCE_SKILLS, GuideError, Level, answer_key
from histtui.guide_cache import decode, encode, load_guide_cached
from histtui.guide_check import load_guide, parse_guide
from tests.conftest import FIXTURES

CASE_STUDY_GUIDE = FIXTURES / "case_study.toml"
TEXT = CASE_STUDY_GUIDE.read_text(encoding="utf-8")
NAME = "cs.toml"
WHERE = 'case study "munich-1938": '


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line of the `nth` occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def replace(old: str, new: str, nth: int = 1, text: str = TEXT) -> tuple[str, int]:
    """`text` with the `nth` occurrence of `old` replaced, and the line it is on."""
    line = line_of(text, old, nth)
    index = -1
    for _ in range(nth):
        index = text.index(old, index + 1)
    return text[:index] + new + text[index + len(old) :], line


def problems(text: str) -> list[str]:
    with pytest.raises(GuideError) as caught:
        parse_guide(text, NAME)
    return caught.value.problems


def test_a_good_case_study_loads_with_every_field():
    guide = load_guide(CASE_STUDY_GUIDE)
    chapter = guide.chapters[0]
    study = guide.case_study("munich-1938")
    assert study is not None
    assert guide.case_studies == [study] == chapter.case_studies
    assert study.chapter is chapter
    assert guide.case_study("nope") is None
    assert study.title == "The Munich Crisis, 1938"
    assert study.inquiry.startswith("Was Britain right to avoid war")
    assert study.marks == 25
    assert study.context.startswith("In 1938 Hitler demanded the Sudetenland")
    assert [source.letter for source in study.sources] == ["A", "B", "C"]
    assert [source.kind for source in study.sources] == ["text", "cartoon", "text"]
    assert [source.is_visual for source in study.sources] == [False, True, False]
    cartoon = study.source("B")
    assert cartoon is study.sources[1]
    assert cartoon.provenance.startswith("A cartoon by David Low")
    assert cartoon.text.startswith("The cartoon shows")
    assert "Evening Standard" in cartoon.original
    assert study.source("D") is None
    assert [(q.skill, q.sources, q.marks) for q in study.questions] == [
        ("inference", ("A",), 5),
        ("comparison", ("A", "C"), 6),
        ("reliability", ("C",), 6),
        ("assertion", ("A", "B", "C"), 8),
    ]
    inference = study.questions[0]
    assert inference.prompt.startswith("Study Source A.")
    assert "**not think Czechoslovakia was worth a war**" in inference.answer
    assert inference.levels[2] == Level(
        3,
        3,
        4,
        "Makes an inference supported by details of Source A "
        "(3 for one supported inference, 4 for two).",
    )
    assert [(level.level, level.low, level.high) for level in study.questions[3].levels] == [
        (1, 1, 2),
        (2, 3, 4),
        (3, 5, 7),
        (4, 8, 8),
    ]


def test_skills_and_answer_key():
    assert SKILLS == (
        "inference",
        "purpose",
        "comparison",
        "reliability",
        "surprise",
        "utility",
        "assertion",
    )
    assert SOURCE_SKILLS == SKILLS
    digest = hashlib.sha1(b"Study Source A.").hexdigest()[:8]
    assert answer_key("munich-1938", "Study Source A.") == f"munich-1938#{digest}"


def test_summary_names_case_studies_only_when_there_are_some(small_guide):
    assert small_guide.summary() == "2 units, 3 chapters, 5 topics, 1 card, 3 events"
    guide = load_guide(CASE_STUDY_GUIDE)
    assert guide.summary() == "1 unit, 1 chapter, 1 topic, 0 cards, 1 event, 1 case study"
    second = TEXT.replace('id = "munich-1938"', 'id = "munich-1938-again"').split(
        "[[units.chapters.case_studies]]"
    )[1]
    two = parse_guide(TEXT + "\n[[units.chapters.case_studies]]" + second)
    assert two.summary().endswith(", 1 event, 2 case studies")


def test_case_studies_round_trip_through_the_cache(tmp_path: Path):
    path = tmp_path / "guide.toml"
    shutil.copyfile(CASE_STUDY_GUIDE, path)
    parsed = load_guide(path)
    assert encode(decode(encode(parsed), path)) == encode(parsed)
    first = load_guide_cached(path, tmp_path / "cache")
    second = load_guide_cached(path, tmp_path / "cache")
    assert encode(second) == encode(first) == encode(parsed)
    study = second.case_study("munich-1938")
    assert study is not None and study.chapter is second.chapters[0]
    assert study.questions == parsed.chapters[0].case_studies[0].questions
    assert study.sources == parsed.chapters[0].case_studies[0].sources


def test_a_chapter_source_question_may_test_purpose_and_surprise():
    for skill in ("purpose", "surprise"):
        text = TEXT.replace(
            "[[units.chapters.case_studies]]",
            f'[[units.chapters.questions]]\nkind = "source"\nskill = "{skill}"\n'
            'prompt = "Why was it drawn?"\nanswer = "To warn."\n\n'
            "[[units.chapters.case_studies]]",
            1,
        )
        assert parse_guide(text).chapters[0].questions[0].skill == skill


def test_text_is_cleaned_like_other_guide_text():
    text, _ = replace('title = "The Munich Crisis, 1938"', 'title = "The Munich\\u001b[31m Crisis"')
    assert parse_guide(text).case_studies[0].title == "The Munich Crisis"


# Each rule broken once: (old, new, nth occurrence of old, the problems).
# In the problems, {line} is the line of the change.
STUDY = line_of(TEXT, "[[units.chapters.case_studies]]")
SOURCE_A = line_of(TEXT, "[[units.chapters.case_studies.sources]]", 1)
SOURCE_C = line_of(TEXT, "[[units.chapters.case_studies.sources]]", 3)
QUESTION_4 = line_of(TEXT, "[[units.chapters.case_studies.questions]]", 4)
LAST_LEVEL_1 = line_of(TEXT, "[[units.chapters.case_studies.questions.levels]]", 13)
ALL_SOURCES = 'sources = ["A", "B", "C"]'
LAST_LEVELS = TEXT.index(ALL_SOURCES)
ASSERTION_SOURCES = line_of(TEXT, ALL_SOURCES)
STUDY_MARKS = line_of(TEXT, "marks = 25")
MUNICH_TOPIC_ID = line_of(TEXT, 'id = "munich-agreement"')
COMPARISON_SOURCES = line_of(TEXT, 'sources = ["A", "C"]')
RELIABILITY_SOURCES = line_of(TEXT, 'sources = ["C"]')
QUESTION_3 = line_of(TEXT, "[[units.chapters.case_studies.questions]]", 3)
LEVEL_1_TEXT = line_of(TEXT, "Copies or describes details of Source A")
BROKEN: dict[str, tuple[str, str, int, list[str]]] = {
    "id not a slug": (
        'id = "munich-1938"',
        'id = "Munich 1938"',
        1,
        [
            '{line}: case study "Munich 1938": id must be a slug '
            "(lowercase letters, digits, hyphens)"
        ],
    ),
    "id shared with a topic": (
        'id = "munich-1938"',
        'id = "munich-agreement"',
        1,
        [
            '{line}: case study "munich-agreement": duplicate id '
            f"(first at line {MUNICH_TOPIC_ID})"
        ],
    ),
    "missing title": (
        'title = "The Munich Crisis, 1938"\n',
        "",
        1,
        [f"{STUDY}: {WHERE}missing title"],
    ),
    "case study marks not positive": (
        "marks = 25",
        "marks = 0",
        1,
        ["{line}: " + WHERE + "marks must be a positive whole number"],
    ),
    "marks not adding up": (
        "marks = 25",
        "marks = 24",
        1,
        ["{line}: " + WHERE + "the questions' marks add up to 25, not the case study's 24"],
    ),
    "unknown key in a case study": (
        "marks = 25",
        "marks = 25\npaper = 2",
        1,
        [f"{STUDY_MARKS + 1}: {WHERE}unknown key 'paper'"],
    ),
    "bad letter": (
        'letter = "B"',
        'letter = "b"',
        1,
        [
            "{line}: " + WHERE + "source b: letter must be one capital letter (A, B, C ...)",
            f"{ASSERTION_SOURCES}: {WHERE}question 4: sources: no source 'B' in this case study",
        ],
    ),
    "duplicate letter": (
        'letter = "C"',
        'letter = "A"',
        1,
        [
            "{line}: " + WHERE + f"source A: duplicate letter (first at line {SOURCE_A + 1})",
            f"{COMPARISON_SOURCES}: {WHERE}question 2: sources: no source 'C' in this case study",
            f"{RELIABILITY_SOURCES}: {WHERE}question 3: sources: no source 'C' in this case study",
            f"{ASSERTION_SOURCES}: {WHERE}question 4: sources: no source 'C' in this case study",
        ],
    ),
    "unknown kind": (
        'kind = "cartoon"',
        'kind = "drawing"',
        1,
        [
            "{line}: " + WHERE + "source B: kind must be one of "
            "text, cartoon, poster, photograph, statistics, map"
        ],
    ),
    "text source not adapted": (
        'provenance = "Adapted from a speech by Winston',
        'provenance = "A speech by Winston',
        1,
        [
            "{line}: " + WHERE + "source C: a text source's provenance must say what it is "
            'adapted from ("Adapted from ...")'
        ],
    ),
    "missing original": (
        'original = "Winston Churchill',
        'originally = "Winston Churchill',
        1,
        [
            "{line}: " + WHERE + "source C: unknown key 'originally'",
            f"{SOURCE_C}: {WHERE}source C: missing original",
        ],
    ),
    "source too long": (
        'text = """\nIt is dreadful',
        'text = """\n' + "word " * 40 + "\nIt is dreadful",
        1,
        ["{line}: " + WHERE + "source A: text has 156 words (at most 150)"],
    ),
    "unknown skill": (
        'skill = "comparison"',
        'skill = "opinion"',
        1,
        [
            "{line}: " + WHERE + "question 2: skill must be one of "
            "inference, purpose, comparison, reliability, surprise, utility, assertion"
        ],
    ),
    "question on a source that is not there": (
        'sources = ["A", "C"]',
        'sources = ["A", "D"]',
        1,
        ["{line}: " + WHERE + "question 2: sources: no source 'D' in this case study"],
    ),
    "question on no sources": (
        'sources = ["C"]',
        "sources = []",
        1,
        ["{line}: " + WHERE + "question 3: sources must name at least one source"],
    ),
    "question sources not a list": (
        'sources = ["C"]',
        'sources = "C"',
        1,
        [
            "{line}: "
            + WHERE
            + 'question 3: sources must be a list of source letters, such as ["A", "B"]'
        ],
    ),
    "question marks not positive": (
        "marks = 6",
        "marks = -6",
        2,
        ["{line}: " + WHERE + "question 3: marks must be a positive whole number"],
    ),
    "missing prompt": (
        'prompt = "Study Source C.',
        'question = "Study Source C.',
        1,
        [
            "{line}: " + WHERE + "question 3: unknown key 'question'",
            f"{QUESTION_3}: {WHERE}question 3: missing prompt",
        ],
    ),
    "levels out of order": (
        "level = 2",
        "level = 3",
        1,
        [
            "{line}: " + WHERE + "question 1: level 2: level must be 2 "
            "(levels are numbered 1, 2, 3 ... in order)"
        ],
    ),
    "levels overlapping": (
        "marks = [2, 2]",
        "marks = [1, 2]",
        1,
        [
            "{line}: " + WHERE + "question 1: level 2: marks [1, 2] must start above "
            "level 1's [1, 1]"
        ],
    ),
    "level beyond the question's marks": (
        "marks = [5, 5]",
        "marks = [5, 6]",
        1,
        [
            "{line}: " + WHERE + "question 1: level 4: marks [5, 6] must have "
            "1 <= lowest <= highest <= 5"
        ],
    ),
    "level marks not a pair": (
        "marks = [5, 5]",
        "marks = 5",
        1,
        [
            "{line}: "
            + WHERE
            + "question 1: level 4: marks must be [lowest, highest], such as [3, 4]"
        ],
    ),
    "last question not an assertion": (
        'skill = "assertion"',
        'skill = "utility"',
        1,
        ["{line}: " + WHERE + "question 4: the last question must be an assertion question"],
    ),
    "last question leaving out a source": (
        'sources = ["A", "B", "C"]',
        'sources = ["A", "C"]',
        1,
        [
            "{line}: " + WHERE + "question 4: the last question must use every source; "
            "it leaves out B"
        ],
    ),
    "unknown key in a level": (
        'text = "Copies or describes details of Source A without making an inference."',
        'text = "Copies or describes details."\nmark = 1',
        1,
        [f"{LEVEL_1_TEXT + 1}: {WHERE}question 1: level 1: unknown key 'mark'"],
    ),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_broken_rule_is_reported_with_its_line(rule: str):
    old, new, nth, expected = BROKEN[rule]
    text, line = replace(old, new, nth)
    assert problems(text) == [f"{NAME}:{problem.format(line=line)}" for problem in expected]


def test_empty_inquiry():
    text, line = replace('inquiry = "Was', 'inquiry = ""\ncontext_note = "Was')
    assert problems(text) == [
        f"{NAME}:{line + 1}: {WHERE}unknown key 'context_note'",
        f"{NAME}:{line}: {WHERE}empty inquiry",
    ]


def test_top_level_must_reach_the_question_marks():
    # The inference question (5 marks) without its level 4: the top level reaches only 4.
    start = line_of(TEXT, "[[units.chapters.case_studies.questions.levels]]", 4)
    end = line_of(TEXT, "[[units.chapters.case_studies.questions]]", 2)
    lines = TEXT.split("\n")
    text = "\n".join(lines[: start - 1] + lines[end - 1 :])
    level_3 = line_of(TEXT, "marks = [3, 4]")
    assert problems(text) == [
        f"{NAME}:{level_3}: {WHERE}question 1: level 3: "
        "the top level must reach the question's 5 marks, not 4"
    ]


def test_at_most_five_levels():
    # The assertion question (8 marks) with six levels: [1, 1] [2, 2] [3, 3] [4, 4] [5, 7] [8, 8].
    spans = [(1, 1), (2, 2), (3, 3), (4, 4), (5, 7), (8, 8)]
    levels = "".join(
        f"[[units.chapters.case_studies.questions.levels]]\n"
        f'level = {n}\nmarks = [{low}, {high}]\ntext = "Level {n}."\n\n'
        for n, (low, high) in enumerate(spans, start=1)
    )
    text = TEXT[: TEXT.index("[[units.chapters.case_studies.questions.levels]]", LAST_LEVELS)]
    assert problems(text + levels) == [
        f"{NAME}:{QUESTION_4}: {WHERE}question 4: 6 levels (at most 5)"
    ]


def test_sources_and_questions_must_be_there_and_at_most_six_sources():
    head = TEXT[: TEXT.index("[[units.chapters.case_studies.sources]]")]
    assert problems(head) == [
        f"{NAME}:{STUDY}: {WHERE}no sources",
        f"{NAME}:{STUDY}: {WHERE}no questions",
    ]
    sources = TEXT[: TEXT.index("[[units.chapters.case_studies.questions]]")]
    assert problems(sources) == [f"{NAME}:{STUDY}: {WHERE}no questions"]
    more = "".join(
        f'[[units.chapters.case_studies.sources]]\nletter = "{letter}"\nkind = "map"\n'
        f'provenance = "A map."\ntext = "A map."\noriginal = "An atlas."\n\n'
        for letter in "DEFG"
    )
    text = TEXT.replace(
        "[[units.chapters.case_studies.questions]]",
        more + "[[units.chapters.case_studies.questions]]",
        1,
    )
    assert problems(text) == [
        f"{NAME}:{STUDY}: {WHERE}7 sources (at most 6)",
        f"{NAME}:{line_of(text, ALL_SOURCES)}: {WHERE}question 4: "
        "the last question must use every source; it leaves out D, E, F, G",
    ]


def test_a_question_without_levels():
    lines = TEXT.split("\n")
    text = "\n".join(lines[: LAST_LEVEL_1 - 1]) + "\n"
    assert problems(text) == [f"{NAME}:{QUESTION_4}: {WHERE}question 4: no levels"]


def test_the_example_guide_in_the_docs_is_valid():
    doc = (Path(__file__).parent.parent / "docs" / "guide-format.md").read_text(encoding="utf-8")
    example = doc.split("## A small complete guide", 1)[1].split("```toml\n", 1)[1]
    example = example.split("```", 1)[0]
    guide = parse_guide(example, "example.toml")
    assert guide.summary() == "1 unit, 1 chapter, 1 topic, 1 card, 1 event, 1 case study"
    assert f"`example.toml: {guide.summary()}`" in doc
    study = guide.case_study("lenins-successor")
    assert study is not None
    assert [source.letter for source in study.sources] == ["A", "B"]
    assert [question.skill for question in study.questions] == ["inference", "assertion"]

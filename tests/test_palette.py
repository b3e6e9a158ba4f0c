"""The command palette's topic search: the best few topics, as FuzzySearch would rank them all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.fuzzy import FuzzySearch

from histtui.guide import Guide
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from histtui.widgets.palette import MOST_HITS, best_matches

GUIDE = load_guide(bundled_guide())
LETTERS = sorted({char for topic in GUIDE.topics for char in topic.title.lower()})


def every_title_scored(guide: Guide, query: str, most: int) -> list[tuple[float, str]]:
    """What scoring every title with FuzzySearch and keeping the best gives."""
    fuzzy = FuzzySearch()
    scored = [
        (fuzzy.match(query, topic.title)[0], index) for index, topic in enumerate(guide.topics)
    ]
    best = sorted((hit for hit in scored if hit[0] > 0), key=lambda hit: (-hit[0], hit[1]))
    return [(round(score, 9), guide.topics[index].id) for score, index in best[:most]]


def found(guide: Guide, query: str, most: int) -> list[tuple[float, str]]:
    return [(round(score, 9), topic.id) for score, topic, _ in best_matches(guide, query, most)]


@pytest.mark.parametrize(
    "query", ["s", "st", "stalin", "rise of", "inchn", "Korean", "cuba crisis", "zzz", "1945"]
)
def test_the_best_topics_are_those_fuzzy_search_ranks_first(query):
    assert found(GUIDE, query, MOST_HITS) == every_title_scored(GUIDE, query.lower(), MOST_HITS)


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from(LETTERS), min_size=1, max_size=5), st.integers(1, 60))
def test_any_query_ranks_like_fuzzy_search(query, most):
    assert found(GUIDE, query, most) == every_title_scored(GUIDE, query, most)


def test_highlights_are_where_the_title_matches():
    (_, topic, offsets), *_ = best_matches(GUIDE, "inchon landings", 1)
    assert topic.title.startswith("The Inchon Landings")
    assert "".join(topic.title[offset] for offset in offsets) == "Inchon Landings"


def test_nothing_typed_finds_nothing_here():
    assert best_matches(GUIDE, "") == []

"""Search: accent- and case-insensitive, all words, title hits first, notes too."""

from __future__ import annotations

from histtui.guide_check import parse_guide
from histtui.search import SearchIndex, find, fold, plain_text

GUIDE = parse_guide(
    """
format = 1
id = "s"
title = "S"
[[units]]
id = "u"
title = "U"
[[units.chapters]]
id = "c"
title = "C"
[[units.chapters.topics]]
id = "body-only"
title = "Life in Germany"
body = "## A\\n- **Weimar** Germany faced **hyperinflation** in 1923; Weimar culture flourished."
[[units.chapters.topics]]
id = "title-hit"
title = "Hyperinflation, 1923"
body = "## B\\n- Prices doubled every few days in Weimar Germany."
[[units.chapters.topics]]
id = "accents"
title = "Café Society"
body = "## C\\n- ![Photograph of a Berlin café]()\\n- Berliners met in cafés."
"""
)


def titles(query: str, index: SearchIndex | None = None) -> list[str]:
    return [result.topic.title for result in (index or SearchIndex(GUIDE)).lookup(query).results]


def test_title_hits_rank_before_body_hits():
    assert titles("hyperinflation") == ["Hyperinflation, 1923", "Life in Germany"]


def test_every_word_must_match_in_any_order_and_case():
    assert titles("WEIMAR 1923") == ["Hyperinflation, 1923", "Life in Germany"]
    assert titles("weimar culture") == ["Life in Germany"]
    assert titles("weimar zebra") == []
    assert titles("   ") == []


def test_accents_are_ignored_both_ways():
    assert titles("cafe") == ["Café Society"]
    assert titles("CAFÉS") == ["Café Society"]


def test_snippet_shows_the_hit_with_its_span():
    (result,) = SearchIndex(GUIDE).lookup("culture").results
    start, end = result.spans[0]
    assert result.snippet[start:end] == "culture"
    assert "**" not in result.snippet


def test_notes_are_searched_too():
    notes = {"title-hit": "Remember the wheelbarrow photographs"}
    index = SearchIndex(GUIDE, lambda topic_id: notes.get(topic_id, ""))
    (result,) = index.lookup("wheelbarrow").results
    assert result.topic.id == "title-hit" and result.in_note
    assert "wheelbarrow" in result.snippet


def test_find_maps_folded_matches_back_to_the_original():
    text = "Ein Café, zwei CAFÉS"
    assert [text[a:b] for a, b in find(text, ["cafe"])] == ["Café", "CAFÉ"]
    assert fold("Ǆ")[0] == "dz"


def test_plain_text_drops_markdown():
    assert (
        plain_text("## Head\n- **Bold** point.\n![Map: Europe]()") == "Head Bold point. Map: Europe"
    )


def test_lookup_counts_every_match_but_ranks_only_the_best():
    notes = {"accents": "Weimar cafés"}
    index = SearchIndex(GUIDE, lambda topic_id: notes.get(topic_id, ""))
    found = index.lookup("weimar", limit=1)
    assert found.total == 3
    assert [result.topic.id for result in found.results] == ["body-only"]
    assert [result.topic.id for result in index.lookup("weimar").results] == [
        "body-only",
        "title-hit",
        "accents",
    ]


def test_lookup_narrows_the_previous_matches_as_the_student_types():
    index = SearchIndex(GUIDE)
    typed = index.lookup("ge")
    assert [r.topic.id for r in index.lookup("germ", previous=typed).results] == titles_ids("germ")
    # Words that do not narrow the earlier ones search every topic again, and so does a
    # query typed after an empty one (which found nothing because it asked for nothing).
    assert index.lookup("cafe", previous=typed).total == 1
    empty = index.lookup("   ")
    assert empty.total == 0
    assert index.lookup("weimar", previous=empty).total == 2


def titles_ids(query: str) -> list[str]:
    return [result.topic.id for result in SearchIndex(GUIDE).lookup(query).results]


def test_a_snippet_of_the_text_does_not_run_into_a_figure_caption():
    from histtui.guide_check import load_guide
    from tests.conftest import SMALL_GUIDE

    index = SearchIndex(load_guide(SMALL_GUIDE))
    (result,) = [r for r in index.lookup("france safe").results if r.topic.id == "big-three-aims"]
    assert "1919" not in result.snippet, result.snippet  # the caption ends "Paris, 1919"
    assert [r.topic.id for r in index.lookup("photograph orlando").results] == ["big-three-aims"]

"""Notes are drawn exactly as rich.markdown draws them, without importing it for the guide."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.markdown import Markdown
from rich.segment import Segment

from histtui.guide import Guide, split_figures
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from histtui.widgets.notes_markdown import Notes, parse, render_markdown


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(bundled_guide())


def segments(renderable: RenderableType, width: int) -> list[Segment]:
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    return list(Segment.simplify(console.render(renderable, console.options)))


def assert_drawn_as_rich_does(markdown: str, widths: tuple[int, ...] = (24, 80)) -> None:
    blocks = parse(markdown)
    assert blocks is not None, markdown
    for width in widths:
        assert segments(Notes(blocks), width) == segments(Markdown(markdown), width), (
            markdown,
            width,
        )


def test_every_note_and_answer_of_the_bundled_guide_is_drawn_as_rich_markdown_draws_it(
    guide: Guide,
) -> None:
    texts = [
        text
        for topic in guide.topics
        for kind, text in split_figures(topic.body)
        if kind == "markdown"
    ]
    texts += [
        text
        for chapter in guide.chapters
        for q in chapter.questions
        for text in (q.prompt, q.answer)
    ]
    assert len(texts) > 300
    for text in texts:
        assert_drawn_as_rich_does(text)


@pytest.mark.parametrize(
    "markdown",
    [
        "## Causes\n\n- **Reparations**: **£6,600 million**.\n- *Diktat*: a dictated peace.",
        "# A title\n\nA paragraph that runs\nover two lines.\n\n###### Small heading",
        "- one\n- two\ncontinues the second item\n  and so does this\n\nA paragraph after.",
        "- a loose\n\n- list\n## Straight after",
        "Para (**bold in brackets**), ***both*** and *em*: all 'flanked' by punctuation.",
        "",
    ],
)
def test_the_guides_markdown_is_drawn_by_histtui_as_rich_draws_it(markdown: str) -> None:
    assert_drawn_as_rich_does(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "1. a numbered list",
        "> a quotation",
        "- a list\n  - with a list inside",
        "- an item\n\n  with a second paragraph",
        "    indented code",
        "```\ncode\n```",
        "Inline `code`",
        "A [link](https://example.org)",
        "snake_case or _underscored_ emphasis",
        "**unclosed bold",
        "bold**inside**words",
        "a line ending in a hard break  \nnext",
        "A paragraph\n---",
        "A paragraph\n===",
        "***",
        "* another bullet",
        "+ another bullet",
        "#hashtag",
        "## closed heading ##",
        "####### seven",
        "| a | table |\n| - | - |",
        "Tom &amp; Jerry",
        "<b>html</b>",
        "~~struck~~",
        "- - nested on one line",
        "- ## a heading in an item",
        "an escaped \\* star",
    ],
)
def test_markdown_beyond_the_guides_subset_is_left_to_rich(markdown: str) -> None:
    assert parse(markdown) is None
    assert isinstance(render_markdown(markdown), Markdown)


SUBSET_LINES = st.sampled_from(
    [
        "",
        "## Heading with **bold**",
        "# Top",
        "### Third *level*",
        "- an item with **bold** words",
        "- *emphasis* first",
        "- ***both*** here",
        "-   wide item",
        "plain words",
        "more plain words, (**bracketed**) and 'quoted'",
        "  indented words",
        "ends in a hard break  ",
    ]
)
OTHER_LINES = st.sampled_from(
    [
        "  - indented item",
        "-",
        "1. numbered",
        "> quoted",
        "---",
        "***",
        "**half open",
        "a*b*c",
        "*lonely",
        "#",
        "## shut ##",
        "x_y",
        "==",
        "* star item",
        "#tag",
    ]
)
LINES = st.one_of(SUBSET_LINES, SUBSET_LINES, SUBSET_LINES, OTHER_LINES)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=8))
def test_whatever_histtui_draws_itself_it_draws_as_rich_does(lines: list[str]) -> None:
    markdown = "\n".join(lines)
    if parse(markdown) is not None:
        assert_drawn_as_rich_does(markdown, widths=(20,))

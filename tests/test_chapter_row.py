"""The Smart Guide's chapter rows: drawn directly, exactly as the rich Table grid draws them."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

from histtui.widgets.chapter_row import ChapterRow


def cells(segments: list[Segment]) -> list[tuple[str, Style]]:
    """Each character drawn with its style: what a student sees, however it is split."""
    drawn = []
    for segment in segments:
        style = segment.style or Style.null()
        drawn.extend((character, style) for character in segment.text)
    return drawn


@pytest.mark.parametrize("width", [12, 30, 37, 38, 44, 61, 80, 120])
@pytest.mark.parametrize(
    ("title", "total", "done"),
    [
        ("Hitler's Germany", 27, 5),
        ("Hitler's Germany", 12, 12),
        ("Stalin", 1, 0),
        ("日本の敗北 and a very long title indeed, longer than any row", 9, 4),
    ],
)
def test_a_row_draws_and_measures_as_the_table_does(width, title, total, done):
    console = Console(width=200, color_system="truecolor", force_terminal=True)
    options = console.options.update(width=width, highlight=False)
    row = ChapterRow(11, title, total, done)
    drawn = list(console.render(row, options))
    assert cells(drawn) == cells(list(console.render(row.table(), options)))
    if width >= 38:  # narrower, it is the Table's own output
        assert Segment.get_line_length(next(iter(Segment.split_lines(drawn)))) == width
    assert Measurement.get(console, options, row) == Measurement.get(console, options, row.table())


def test_a_row_reads_as_the_web_guide_says_it():
    console = Console(width=200, color_system=None)
    options = console.options.update(width=60)
    text = "".join(
        segment.text for segment in console.render(ChapterRow(3, "Stalin", 12, 6), options)
    )
    assert text.startswith(" 3. Stalin")
    assert " 12 Topics " in text and text.rstrip().endswith("50%")


def test_a_row_is_drawn_once_for_each_width_it_is_asked_for(monkeypatch):
    """Textual's OptionList asks for each row about five times before the first frame."""
    row = ChapterRow(3, "Hitler's Germany", 27, 9)
    drawn = []
    draw = row._draw

    def counted(console, options):
        drawn.append(options.max_width)
        return draw(console, options)

    monkeypatch.setattr(row, "_draw", counted)
    console = Console(width=60, color_system=None)
    first = [plain_line(row, console, 60) for _ in range(3)]
    assert len(set(first)) == 1 and "Hitler's Germany" in first[0]
    plain_line(row, console, 80)
    assert drawn == [60, 80]


def plain_line(row, console, width: int) -> str:
    return "".join(
        segment.text for segment in console.render(row, console.options.update_width(width))
    )


@pytest.mark.parametrize("width", [30, 61, 100])
def test_as_a_visual_a_row_is_its_rich_drawing_in_the_lists_style(width):
    """The chapter list draws the row through the Visual protocol, over the list's style
    (highlighted or not): every cell as the rich drawing, the list's style beneath."""
    from textual.style import Style as VisualStyle
    from textual.visual import RenderOptions

    console = Console(width=200, color_system="truecolor", force_terminal=True)
    row = ChapterRow(11, "Hitler's Germany", 27, 9, console)
    base = Style(color="#e0e0e0", bgcolor="#0178d4", bold=True)
    strips = row.render_strips(
        width, None, VisualStyle.from_rich_style(base), RenderOptions(lambda s: s, {})
    )
    drawn = list(console.render(row, console.options.update(width=width)))
    lines = list(Segment.split_lines(drawn))
    assert len(strips) == len(lines) == row.get_height({}, width)
    expected = [(character, base + style) for character, style in cells(lines[0])]
    assert cells(list(strips[0])) == expected
    assert (
        row.get_optimal_width({}, 200)
        == Measurement.get(console, console.options, row.table()).maximum
    )

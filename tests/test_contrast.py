"""Every text colour of histtui.tcss and screens.tcss reaches WCAG AA in both themes (issue 13).

The colours are resolved from the app's own CSS variables under textual-dark and
textual-light, so a theme change or a new rule that makes text unreadable fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color
from textual.style import Style as ContentStyle

from histtui.app import HistTUI
from histtui.widgets.colours import (
    ANSI_DARK,
    ANSI_LIGHT,
    STATUS,
    contrast,
    readable,
    shown_contrast,
    theme_variables,
)
from histtui.widgets.topic_view import CURRENT_HIT_STYLE, HIT_STYLE
from tests.conftest import shown, wait_until

STYLES = Path(__file__).resolve().parents[1] / "src" / "histtui"
TCSS = [STYLES / "histtui.tcss", STYLES / "screens.tcss"]
THEMES = ["textual-dark", "textual-light"]
TEXT = 4.5
"""WCAG AA for text."""
LARGE = 3.0
"""WCAG AA for bars, borders and large headings."""


def resolve(value: str, variables: dict[str, str], under: Color) -> Color:
    """A tcss colour value ("$accent", "auto 60%", "#fff") as painted over `under`."""
    value = value.strip().removesuffix(";").strip()
    while value.startswith("$"):
        value = variables[value[1:]]
    if value.startswith("auto"):
        alpha = re.search(r"(\d+)%", value)
        return under.get_contrast_text(int(alpha.group(1)) / 100 if alpha else 1.0)
    color = Color.parse(value)
    return under + color if color.a < 1 else color


def rules() -> list[tuple[str, dict[str, str]]]:
    """The rules of histtui.tcss and screens.tcss with their declarations."""
    both = "\n".join(path.read_text(encoding="utf-8") for path in TCSS)
    text = re.sub(r"/\*.*?\*/", "", both, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = dict(
            (name.strip(), value.strip())
            for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+);", body)
        )
        found.append((" ".join(selector.split()), declarations))
    return found


def graphics_left_out(found: list[tuple[str, dict[str, str]]]) -> list[tuple[str, dict[str, str]]]:
    """The rules for text: progress bars are graphics (3:1, test_progress_bars_show...)."""
    return [(selector, declarations) for selector, declarations in found if "bar--" not in selector]


def variables_of(theme: str) -> dict[str, str]:
    return theme_variables(theme)


def text_colours(theme: str) -> Iterator[tuple[str, Color, Color]]:
    """Each text colour of the stylesheets, as where it is, the colour and what it is
    painted on (its rule's own background, or the screen's and the surface's)."""
    variables = variables_of(theme)
    screen = Color.parse(variables["background"])
    for selector, declarations in graphics_left_out(rules()):
        for name in ("color", "border-title-color"):
            if name not in declarations:
                continue
            own = declarations.get("background")
            for background in [own] if own else ["$background", "$surface"]:
                under = resolve(background, variables, screen)
                where = f"{selector}: {declarations[name]} on {background}"
                yield where, resolve(declarations[name], variables, under), under


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_colour_reaches_aa(theme):
    failures = [
        f"{where} {ratio:.2f}"
        for where, colour, under in text_colours(theme)
        if (ratio := contrast(colour, under)) < TEXT
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("theme", THEMES)
def test_histtuis_own_colours_reach_aa(theme):
    variables = variables_of(theme)
    for background in ("background", "surface", "panel"):
        under = Color.parse(variables[background])
        for name in ("histtui-heading", *(f"histtui-{status}" for status in STATUS)):
            assert contrast(Color.parse(variables[name]), under) >= TEXT, (name, background)
        assert contrast(Color.parse(variables["histtui-bar-back"]), under) >= LARGE
        assert contrast(Color.parse(variables["histtui-bar"]), under) >= LARGE


def test_readable_darkens_or_lightens_until_it_reaches_the_ratio():
    light = Color.parse("#E0E0E0")
    orange = readable(Color.parse("#FEA62B"), [light], TEXT)
    assert contrast(orange, light) >= TEXT
    dark = Color.parse("#121212")
    assert contrast(Color.parse("#FEA62B"), dark) >= TEXT  # but not in 16 colours:
    assert shown_contrast(Color.parse("#FEA62B"), dark, dark=True) < TEXT
    lighter = readable(Color.parse("#FEA62B"), [dark], TEXT)
    assert shown_contrast(lighter, dark, dark=True) >= TEXT
    assert lighter.r > lighter.g > lighter.b  # still orange


# 16 colours and NO_COLOR (issue 13: "looked at in 16-colour mode and with NO_COLOR") ----


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_colour_is_readable_in_16_colours_and_without_colour(theme):
    """Each colour as a 16-colour terminal shows it (the nearest ANSI colour, in Textual's
    palette for the theme) and as NO_COLOR's greys show it still reaches 4.5:1."""
    dark = theme == "textual-dark"
    failures = [
        f"{where} {ratio:.2f}"
        for where, colour, under in text_colours(theme)
        if (ratio := shown_contrast(colour, under, dark)) < TEXT
    ]
    assert not failures, "\n".join(failures)


def as_painted(color: RichColor | None, fallback: str, dark: bool) -> Color:
    """A segment's colour as Textual paints it: ANSI colours in its palette for the theme."""
    if color is None or color.is_default:
        return Color.parse(fallback)
    if color.number is not None and color.number < 16 and color.triplet is None:
        return Color(*(ANSI_DARK if dark else ANSI_LIGHT)[color.number])
    triplet = color.get_truecolor()
    return Color(triplet.red, triplet.green, triplet.blue)


def painted_contrasts(app: HistTUI, selector: str, dark: bool) -> list[tuple[str, float]]:
    """Each piece of text a widget shows, with its lowest contrast as a student may see it."""
    variables = app.theme_variables
    found = []
    for widget in app.screen.query(selector):
        for y in range(widget.size.height):
            for segment in widget.render_line(y):
                if not re.search(r"[\w✔★✎]", segment.text) or segment.style is None:
                    continue
                style = segment.style
                fore = as_painted(style.color, variables["foreground"], dark)
                back = as_painted(style.bgcolor, variables["background"], dark)
                if style.reverse:
                    fore, back = back, fore
                found.append((segment.text, shown_contrast(fore, back, dark)))
    return found


@pytest.mark.parametrize("theme", THEMES)
async def test_the_readers_completed_status_and_marks_are_readable_everywhere(make_app, theme):
    """ "✔ Completed", the sidebar's ticks and stars, and search hits, as painted."""
    app = make_app()
    dark = theme == "textual-dark"
    async with app.run_test(size=(120, 30)) as pilot:
        app.theme = theme
        await pilot.press("enter", "c", "b")
        await wait_until(pilot, lambda: "Completed" in shown(app, "#status"))
        status = painted_contrasts(app, "#status", dark)
        assert any("Completed" in text for text, _ in status)
        tree = painted_contrasts(app, "CourseTree", dark)
        assert any("✔" in text for text, _ in tree) and any("★" in text for text, _ in tree)
        for text, ratio in status + tree:
            assert ratio >= TEXT, (text, ratio)
        # The same colours named in Rich text (statistics' recall, review counts, marks).
        background = Color.parse(app.theme_variables["background"])
        for name in STATUS:
            colour = app.console.get_style(f"histtui.{name}").color
            assert shown_contrast(as_painted(colour, "", dark), background, dark) >= TEXT, name


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("style", [HIT_STYLE, CURRENT_HIT_STYLE])
def test_search_hits_are_readable_everywhere(theme, style):
    dark = theme == "textual-dark"
    ContentStyle.parse(style)  # the search screen marks its snippets with Textual's Content
    parsed = Style.parse(style)
    fore = as_painted(parsed.color, "#000000", dark)
    back = as_painted(parsed.bgcolor, "#ffffff", dark)
    assert shown_contrast(fore, back, dark) >= TEXT


async def test_the_16_colour_palettes_are_textuals(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)):
        for name, copy in (("textual-dark", ANSI_DARK), ("textual-light", ANSI_LIGHT)):
            app.theme = name
            palette = app.ansi_theme.ansi_colors
            assert [tuple(palette[number]) for number in range(16)] == list(copy)


@pytest.mark.parametrize("theme", THEMES)
async def test_the_timeline_filters_marked_letters_are_readable(make_app, theme):
    app = make_app()
    dark = theme == "textual-dark"
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await pilot.press("t", *"peace")
        await wait_until(pilot, lambda: "matching" in shown(app, "#timeline-status"))
        painted = painted_contrasts(app, "#timeline-events", dark)
        assert any("eace" in text for text, _ in painted)
        for text, ratio in painted:
            assert ratio >= TEXT, (text, ratio)


@pytest.mark.parametrize("theme", THEMES)
async def test_progress_bars_show_the_part_still_to_do(make_app, theme):
    """The chapter bar's empty part reaches 3:1 on the page (it was $surface on
    $background: about 1.1:1), in 24-bit colour, in 16 colours and with NO_COLOR."""
    app = make_app()
    dark = theme == "textual-dark"
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                "Chapter Progress" in str(app.screen.query_one("#chapter-progress-label").content)
            ),
        )
        bar = app.screen.query_one("#chapter-progress-bar Bar")
        await wait_until(pilot, lambda: bar.size.width > 0)
        segments = [segment for segment in bar.render_line(0) if "━" in segment.text]
        assert segments
        for segment in segments:
            fore = as_painted(segment.style.color, "", dark)
            back = as_painted(segment.style.bgcolor, app.theme_variables["background"], dark)
            assert shown_contrast(fore, back, dark) >= LARGE, (segment, theme)


def test_a_visual_sources_title_is_in_the_text_colour_not_the_borders():
    """ "Cartoon (described)" was the border's magenta: about 4.2:1 on the dark theme."""
    from rich.console import Console
    from rich.segment import Segment

    from histtui.guide_check import load_guide
    from histtui.widgets.case_study_parts import source_body
    from tests.conftest import FIXTURES

    guide = load_guide(FIXTURES / "case_study.toml")
    source = next(s for study in guide.case_studies for s in study.sources if s.is_visual)
    console = Console(width=60, color_system="truecolor")
    lines = console.render_lines(source_body(source), console.options)
    title = [s for s in Segment.simplify(lines[0]) if "(described)" in s.text]
    colours = [segment.style.color if segment.style else None for segment in title]
    assert title and all(colour is None or colour.is_default for colour in colours), colours

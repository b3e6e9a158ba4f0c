"""Every text colour of histtui.tcss and screens.tcss reaches WCAG AA in both themes (issue 13).

The colours are resolved from the app's own CSS variables under textual-dark and
textual-light, so a theme change or a new rule that makes text unreadable fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.color import Color

from histtui.widgets.colours import contrast, readable, theme_variables

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


def variables_of(theme: str) -> dict[str, str]:
    return theme_variables(theme)


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_colour_reaches_aa(theme):
    variables = variables_of(theme)
    screen = Color.parse(variables["background"])
    failures = []
    for selector, declarations in rules():
        if "color" not in declarations:
            continue
        own = declarations.get("background")
        backgrounds = [own] if own else ["$background", "$surface"]
        for background in backgrounds:
            under = resolve(background, variables, screen)
            ratio = contrast(resolve(declarations["color"], variables, under), under)
            if ratio < TEXT:
                failures.append(f"{selector}: {declarations['color']} on {background} {ratio:.2f}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("theme", THEMES)
def test_histtuis_own_colours_reach_aa(theme):
    variables = variables_of(theme)
    for background in ("background", "surface", "panel"):
        under = Color.parse(variables[background])
        for name in ("histtui-heading", "histtui-done", "histtui-mark"):
            assert contrast(Color.parse(variables[name]), under) >= TEXT, (name, background)
        assert contrast(Color.parse(variables["histtui-bar-back"]), under) >= LARGE
        assert contrast(Color.parse(variables["histtui-bar"]), under) >= LARGE


def test_readable_darkens_or_lightens_until_it_reaches_the_ratio():
    light = Color.parse("#E0E0E0")
    orange = readable(Color.parse("#FEA62B"), [light], TEXT)
    assert contrast(orange, light) >= TEXT
    dark = Color.parse("#121212")
    assert readable(Color.parse("#FEA62B"), [dark], TEXT) == Color.parse("#FEA62B")

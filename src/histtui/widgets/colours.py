"""histtui's own colours, derived from the theme so that each reaches WCAG AA on it.

Textual's themes were made for their own widgets: textual-light's accent (orange) is about
1.5:1 on its background, far below the 4.5:1 text needs. Each colour here starts from a
theme colour and is darkened (light themes) or lightened (dark themes) just enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.color import Color as RichColor
from rich.color import ColorSystem
from textual.color import Color
from textual.theme import BUILTIN_THEMES

TEXT = 4.5
"""WCAG AA contrast for text."""
GRAPHIC = 3.0
"""WCAG AA contrast for bars and other graphics."""
STATUS = ("done", "mark", "error", "new")
"""histtui's text colours that Rich text names as styles ("histtui.done" is bold done)."""

ANSI_DARK = (
    (26, 26, 26), (244, 0, 95), (152, 224, 36), (253, 151, 31),
    (157, 101, 255), (244, 0, 95), (88, 209, 235), (196, 197, 181),
    (98, 94, 76), (244, 0, 95), (152, 224, 36), (224, 213, 97),
    (157, 101, 255), (244, 0, 95), (88, 209, 235), (246, 246, 239),
)  # fmt: skip
"""The 16 colours Textual shows a dark theme's ANSI colours in (`App.ansi_theme_dark`,
Monokai); tests/test_contrast.py checks this copy against a running app."""
ANSI_LIGHT = (
    (0, 0, 0), (170, 55, 49), (68, 140, 39), (203, 144, 0),
    (50, 92, 192), (122, 62, 157), (0, 131, 178), (247, 247, 247),
    (119, 119, 119), (240, 80, 80), (96, 203, 0), (255, 188, 93),
    (0, 122, 204), (230, 76, 230), (0, 170, 203), (247, 247, 247),
)  # fmt: skip
"""The same for a light theme (`App.ansi_theme_light`, Alabaster)."""


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(foreground: Color, background: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def in_16_colours(color: Color, dark: bool) -> Color:
    """`color` as a 16-colour terminal shows it: the nearest of the 16 ANSI colours (as
    rich picks it), in the palette Textual uses for a dark or a light theme."""
    number = RichColor.from_rgb(color.r, color.g, color.b).downgrade(ColorSystem.STANDARD)
    palette = ANSI_DARK if dark else ANSI_LIGHT
    return Color(*palette[number.number or 0])


def without_colour(color: Color) -> Color:
    """`color` as Textual's NO_COLOR filter shows it (a grey)."""
    return color.monochrome


def shown_contrast(foreground: Color, background: Color, dark: bool) -> float:
    """The lowest contrast of two colours as a student may see them under a dark or a light
    theme: in 24-bit colour, in 16 colours and with NO_COLOR (greys, in 24-bit or 16)."""
    pairs = [(foreground, background)]
    pairs.append((in_16_colours(foreground, dark), in_16_colours(background, dark)))
    grey, grey_under = without_colour(foreground), without_colour(background)
    pairs.append((grey, grey_under))
    pairs.append((in_16_colours(grey, dark), in_16_colours(grey_under, dark)))
    return min(contrast(fore, back) for fore, back in pairs)


def readable(
    color: Color, backgrounds: Sequence[Color], ratio: float, also: Sequence[Color] = ()
) -> Color:
    """`color`, darkened on light backgrounds or lightened on dark ones, until it reaches
    `ratio` against every one of `backgrounds`, in 24-bit colour, in 16 colours and with
    NO_COLOR (`shown_contrast`), and against each of `also` in 24-bit colour."""
    dark = luminance(backgrounds[0]) <= 0.18
    towards = Color(255, 255, 255) if dark else Color(0, 0, 0)
    for step in range(21):
        candidate = color.blend(towards, step / 20)
        if all(shown_contrast(candidate, under, dark) >= ratio for under in backgrounds) and all(
            contrast(candidate, under) >= ratio for under in also
        ):
            return candidate
    return towards


THEME_COLOURS = (
    "background", "surface", "panel", "foreground",
    "accent", "success", "warning", "error", "primary",
)  # fmt: skip
"""The theme's variables histtui's colours are made from."""


def histtui_colours(variables: dict[str, str]) -> dict[str, str]:
    """histtui's colour variables for a theme's CSS variables.

    Worked out once per theme: Textual asks for a theme's variables more than once as
    histtui starts, and each working out tries up to 21 shades of seven colours.
    """
    return dict(_colours_of(tuple(variables[name] for name in THEME_COLOURS)))


@lru_cache(maxsize=16)
def _colours_of(theme: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    background, surface, panel, foreground, accent, success, warning, error, primary = map(
        Color.parse, theme
    )
    # Text sits on the background and the surface; the panel is checked in 24-bit colour
    # only (in 16 colours textual-dark's panel is a brown grey only white text reads on).
    backgrounds = [background, surface]
    wanted = {
        "histtui-heading": (accent, TEXT),
        "histtui-done": (success, TEXT),
        "histtui-mark": (warning, TEXT),
        "histtui-error": (error, TEXT),
        "histtui-new": (primary, TEXT),
        "histtui-bar": (success, GRAPHIC),
        "histtui-bar-back": (background.blend(foreground, 0.25), GRAPHIC),
    }
    return tuple(
        (name, readable(colour, backgrounds, ratio, [panel]).hex)
        for name, (colour, ratio) in wanted.items()
    )


def console_styles(variables: dict[str, str]) -> dict[str, str]:
    """Rich styles in histtui's colours (`variables` has them): the topic's Markdown
    headings and the chapter bars (Rich's own, magenta headings and a grey23 bar, ignore
    the theme), and the status words in Rich text (statistics, case studies, review
    counts), as readable as the tcss colours: Rich's "green" or "yellow" are not in light.
    """
    heading, bar = variables["histtui-heading"], variables["histtui-bar"]
    return {
        "markdown.h1": f"bold underline {heading}",
        "markdown.h2": f"bold underline {heading}",
        "markdown.h3": f"bold {heading}",
        "markdown.h4": f"italic {heading}",
        "bar.back": variables["histtui-bar-back"],
        "bar.complete": bar,
        "bar.finished": f"bold {bar}",
        **{f"histtui.{name}": f"bold {variables['histtui-' + name]}" for name in STATUS},
    }


def theme_variables(name: str) -> dict[str, str]:
    """Every CSS variable of one of Textual's built-in themes, with histtui's colours."""
    theme = BUILTIN_THEMES[name]
    variables = {**theme.to_color_system().generate(), **theme.variables}
    return {**variables, **histtui_colours(variables)}

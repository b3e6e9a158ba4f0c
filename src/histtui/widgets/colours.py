"""histtui's own colours, derived from the theme so that each reaches WCAG AA on it.

Textual's themes were made for their own widgets: textual-light's accent (orange) is about
1.5:1 on its background, far below the 4.5:1 text needs. Each colour here starts from a
theme colour and is darkened (light themes) or lightened (dark themes) just enough.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.color import Color
from textual.theme import BUILTIN_THEMES

TEXT = 4.5
"""WCAG AA contrast for text."""
GRAPHIC = 3.0
"""WCAG AA contrast for bars and other graphics."""


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


def readable(color: Color, backgrounds: Sequence[Color], ratio: float) -> Color:
    """`color`, darkened on light backgrounds or lightened on dark ones, until it reaches
    `ratio` against every one of `backgrounds`."""
    towards = Color(0, 0, 0) if luminance(backgrounds[0]) > 0.18 else Color(255, 255, 255)
    for step in range(21):
        candidate = color.blend(towards, step / 20)
        if all(contrast(candidate, background) >= ratio for background in backgrounds):
            return candidate
    return towards


def histtui_colours(variables: dict[str, str]) -> dict[str, str]:
    """histtui's colour variables for a theme's CSS variables."""
    backgrounds = [Color.parse(variables[name]) for name in ("background", "surface", "panel")]
    background = backgrounds[0]
    foreground = Color.parse(variables["foreground"])
    return {
        "histtui-heading": readable(Color.parse(variables["accent"]), backgrounds, TEXT).hex,
        "histtui-done": readable(Color.parse(variables["success"]), backgrounds, TEXT).hex,
        "histtui-mark": readable(Color.parse(variables["warning"]), backgrounds, TEXT).hex,
        "histtui-bar": readable(Color.parse(variables["success"]), backgrounds, GRAPHIC).hex,
        "histtui-bar-back": readable(background.blend(foreground, 0.25), backgrounds, GRAPHIC).hex,
    }


def theme_variables(name: str) -> dict[str, str]:
    """Every CSS variable of one of Textual's built-in themes, with histtui's colours."""
    theme = BUILTIN_THEMES[name]
    variables = {**theme.to_color_system().generate(), **theme.variables}
    return {**variables, **histtui_colours(variables)}

"""A footer that fits its width: the keys that matter stay, lower-priority ones go first.

Textual's Footer runs off the right edge when a screen's keys need more columns than the
terminal has (the reader at 80 columns while search hits add n, N and escape; the review
and case-study screens at 80). A screen names in `StudyScreen.FOOTER_DROPS` the actions
whose labels may go, in order; their labels leave the footer one by one until the rest fit.
Labels only: every key still works and is on the help screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widgets import Footer

PALETTE = len("^p palette") + 2
"""Columns the footer keeps at its right for the command palette's key."""


def footer_width(
    bindings: Sequence[Binding], key_display: Callable[[Binding], str], compact: bool
) -> int:
    """Columns a Footer takes for these bindings: "key label", with a space between
    (compact) or a column of padding either side (not compact)."""
    if not bindings:
        return 0
    labels = sum(len(key_display(b)) + 1 + len(b.description) for b in bindings)
    return labels + (len(bindings) - 1 if compact else 2 * len(bindings))


def fit_footer(
    active: dict[str, ActiveBinding],
    width: int,
    drop_first: Sequence[str],
    key_display: Callable[[Binding], str],
    compact: bool = True,
) -> dict[str, ActiveBinding]:
    """`active` with the footer labels of the actions in `drop_first` hidden, in that order,
    until the footer fits `width` columns."""
    fitted = dict(active)
    for action in drop_first:
        shown = [entry.binding for entry in fitted.values() if entry.binding.show]
        if footer_width(shown, key_display, compact) <= width:
            break
        for key, entry in fitted.items():
            if entry.binding.action == action and entry.binding.show:
                fitted[key] = entry._replace(binding=replace(entry.binding, show=False))
    return fitted


def fitted_bindings(
    screen: Screen[Any], active: dict[str, ActiveBinding], drop_first: Sequence[str]
) -> dict[str, ActiveBinding]:
    """A screen's active bindings, with the labels of `drop_first` left out, in that order,
    until its Footer (if it has one) fits the terminal beside the palette's key."""
    footers = screen.query(Footer)
    if not drop_first or not footers:
        return active
    footer = footers.first()
    width = screen.app.size.width
    if footer.show_command_palette and screen.app.ENABLE_COMMAND_PALETTE:
        width -= PALETTE
    return fit_footer(active, width, drop_first, screen.app.get_key_display, footer.compact)

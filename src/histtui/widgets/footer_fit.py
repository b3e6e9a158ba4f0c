"""A footer that fits its width: the keys that matter stay, lower-priority ones go first.

The keys line (KeyBar) would run off the right edge when a screen's keys need more columns
than the terminal has (the reader at 80 columns while search hits add n, N and escape; the
review and case-study screens at 80). A screen names in `StudyScreen.FOOTER_DROPS` the actions
whose labels may go, in order; their labels leave the footer one by one until the rest fit.
Labels only: every key still works and is on the help screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from histtui.widgets.footer import KeyBar, footer_width, shown_bindings

PALETTE = len("▏^p palette") + 1
"""Columns the keys line keeps at its right for the command palette's key."""


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
        shown = shown_bindings(fitted)
        labels = [(key_display(binding), binding.description) for binding, _ in shown]
        if footer_width(labels, compact) <= width:
            break
        for key, entry in fitted.items():
            if entry.binding.action == action and entry.binding.show:
                fitted[key] = entry._replace(binding=replace(entry.binding, show=False))
    return fitted


def fitted_bindings(
    screen: Screen[Any], active: dict[str, ActiveBinding], drop_first: Sequence[str]
) -> dict[str, ActiveBinding]:
    """A screen's active bindings, with the labels of `drop_first` left out, in that order,
    until its KeyBar (if it has one) fits the terminal beside the palette's key."""
    bars = screen.query(KeyBar)
    if not drop_first or not bars:
        return active
    bar = bars.first()
    width = screen.app.size.width
    if bar.show_command_palette and screen.app.ENABLE_COMMAND_PALETTE:
        width -= PALETTE
    return fit_footer(active, width, drop_first, screen.app.get_key_display, bar.compact)

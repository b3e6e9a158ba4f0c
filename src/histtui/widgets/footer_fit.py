"""A footer that fits its width: the keys that matter stay, lower-priority ones go first.

Textual's Footer runs off the right edge when a screen's keys need more columns than the
terminal has (the reader at 80 columns while search hits add n, N and escape). A screen
passes its active bindings through `fit_footer`, which hides the labels of the actions it
names, one by one, until the rest fit. Hidden labels only: every key still works and is on
the help screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from textual.binding import ActiveBinding, Binding


def footer_width(bindings: Sequence[Binding], key_display: Callable[[Binding], str]) -> int:
    """Columns a compact Footer takes for these bindings: "key label" and a space between."""
    if not bindings:
        return 0
    return sum(len(key_display(b)) + 1 + len(b.description) for b in bindings) + len(bindings) - 1


def fit_footer(
    active: dict[str, ActiveBinding],
    width: int,
    drop_first: Sequence[str],
    key_display: Callable[[Binding], str],
) -> dict[str, ActiveBinding]:
    """`active` with the footer labels of the actions in `drop_first` hidden, in that order,
    until the footer fits `width` columns."""
    fitted = dict(active)
    for action in drop_first:
        shown = [entry.binding for entry in fitted.values() if entry.binding.show]
        if footer_width(shown, key_display) <= width:
            break
        for key, entry in fitted.items():
            if entry.binding.action == action and entry.binding.show:
                fitted[key] = entry._replace(binding=replace(entry.binding, show=False))
    return fitted

"""The keys line along the foot of every screen, drawn as one line by one widget.

Textual's Footer is a container of a widget per key, composed again whenever a screen
refreshes its bindings: on the Smart Guide that was a fifth of the work before the first
frame, and it drew its keys a frame after the rest of the screen. KeyBar draws the same
line (the same colours, spacing and palette key at the right) from the screen's active
bindings when it paints, and repaints only when what it shows would change. A click on a
key presses it, as on Textual's Footer.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

RULE = "▏"
"""The line between the keys and the palette's key (Textual's "vkey" border)."""


def shown_bindings(active: dict[str, ActiveBinding]) -> list[tuple[Binding, bool]]:
    """The bindings a footer shows of a screen's `active` bindings, with whether each is
    enabled: one per action (the first key bound to it), in the screen's order."""
    actions: dict[str, tuple[Binding, bool]] = {}
    for _node, binding, enabled, _tooltip in active.values():
        if binding.show:
            actions.setdefault(binding.action, (binding, enabled))
    return list(actions.values())


def footer_width(labels: list[tuple[str, str]], compact: bool) -> int:
    """Columns the keys take, as KeyBar draws them: "key label" with a space between
    (compact), or with a column of padding either side (not compact)."""
    if not labels:
        return 0
    width = sum(len(key) + (len(label) + 1 if label else 0) for key, label in labels)
    return width + (len(labels) - 1 if compact else 2 * len(labels))


class KeyBar(Widget, can_focus=False):
    """One line of the screen's keys and what they do, the palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--rule",
        "keybar--hover",
    }

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__()
        self.show_command_palette = show_command_palette
        """Whether the palette's key (ctrl+p) shows at the right."""
        self.compact = compact
        """Keys separated by a space, without padding (the reader's, to fit 80 columns)."""
        self.keys: list[tuple[int, int, str, bool]] = []
        """Each key as drawn: first column, column after it, key, enabled."""
        self.hover: int | None = None
        """The index in `keys` of the key under the mouse."""
        self.shown: Hashable = None
        """What the last paint showed (`labels`), to repaint only when it changes."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Repaint if the keys shown would change (a screen refreshes its bindings at every
        focus change and key; most of the time they are the same)."""
        if self.labels() != self.shown:
            self.refresh()

    def labels(self) -> tuple[tuple[str, str, str, bool], ...]:
        """Each key to show: key, how it is written, what it does, enabled; the palette's
        key last (or an empty one when it is not shown)."""
        app = self.app
        active = self.screen.active_bindings
        keys = [
            (binding.key, app.get_key_display(binding), binding.description, enabled)
            for binding, enabled in shown_bindings(active)
        ]
        palette = ("", "", "", False)
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            entry = active.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _node, binding, enabled, _tooltip = entry
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return (*keys, palette)

    def render_line(self, y: int) -> Strip:
        if y:
            return Strip.blank(self.size.width, self.rich_style)
        self.shown = labels = self.labels()
        return self.draw(labels)

    def draw(self, labels: tuple[tuple[str, str, str, bool], ...]) -> Strip:
        """The line of `labels` (see `labels`), noting where each key is drawn in `keys`."""
        base = self.rich_style
        width = self.size.width
        key_style = base + self.get_component_rich_style("keybar--key")
        text_style = base + self.get_component_rich_style("keybar--description")
        hover_style = self.get_component_rich_style("keybar--hover", partial=True)
        dim = Style(dim=True)
        segments: list[Segment] = []
        self.keys = []
        x = 0

        def add(key: str, display: str, label: str, enabled: bool, pad: int) -> None:
            nonlocal x
            first = x
            hovered = self.hover == len(self.keys)
            parts = [(" " * pad + display + " " * pad, key_style)]
            if label:
                parts.append((f" {label}" if self.compact or not pad else f"{label} ", text_style))
            for text, style in parts:
                style = style + hover_style if hovered else style
                segments.append(Segment(text, style if enabled else style + dim))
                x += len(text)
            self.keys.append((first, x, key, enabled))

        *keys, (palette_key, palette_display, palette_label, palette_enabled) = labels
        for index, (key, display, label, enabled) in enumerate(keys):
            if index and self.compact:
                segments.append(Segment(" ", base))
                x += 1
            add(key, display, label, enabled, 0 if self.compact else 1)
        if palette_key:
            right = len(RULE) + len(palette_display) + 1 + len(palette_label)
            right += 0 if self.compact else 1
            strip = Strip(segments, x).crop_extend(0, max(0, width - right), base)
            segments = list(strip)
            x = strip.cell_length
            segments.append(Segment(RULE, base + self.get_component_rich_style("keybar--rule")))
            x += len(RULE)
            add(palette_key, palette_display, palette_label, palette_enabled, 0)
            if not self.compact:
                segments.append(Segment(" ", base))
                x += 1
        return Strip(segments, x).crop_extend(0, width, base)

    def key_at(self, x: int) -> int | None:
        """The index in `keys` of the key drawn at column `x`, if any."""
        return next((i for i, (first, end, *_) in enumerate(self.keys) if first <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self.key_at(event.x)
        if hover != self.hover:
            self.hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self.hover is not None:
            self.hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Press the key clicked (a bell if it is not available now), as Textual's Footer."""
        index = self.key_at(event.x)
        if index is None:
            return
        _first, _end, key, enabled = self.keys[index]
        if enabled:
            self.app.simulate_key(key)
        else:
            self.app.bell()

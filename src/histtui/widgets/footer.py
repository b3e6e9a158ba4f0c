"""A Footer that rebuilds its keys only when the keys it would show have changed."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def keys_shown(screen: Screen[object]) -> Hashable:
    """Everything about `screen`'s active bindings that a Footer draws: the bindings it
    shows, and the command palette's (which it shows on the right, shown or not)."""
    app = screen.app
    return tuple(
        (
            key,
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.action,
            binding.tooltip,
            None if binding.group is None else binding.group.description,
            enabled,
            tooltip,
        )
        for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == app.COMMAND_PALETTE_BINDING
    )


class SteadyFooter(Footer):
    """Textual's Footer, which removes and mounts all its keys again whenever a screen
    refreshes its bindings (every `n` in the reader: opening a topic moves the focus and
    refreshes them), even when they are the same keys. This one does that only when what
    it shows would change: the same keys, drawn the same way, at a fraction of the cost.
    """

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self.told = False
        """Whether the screen has said its bindings are ready (the first compose is empty)."""
        self.shown: Hashable | None = None
        """`keys_shown` as of the last compose that drew the keys."""

    def compose(self) -> ComposeResult:
        if self.told:
            self.shown = keys_shown(self.screen)
        yield from super().compose()

    async def recompose(self) -> None:
        """Rebuild the keys, unless they are the ones shown (a screen refreshes its bindings
        at every focus change and key; several refreshes before one frame each ask)."""
        if self.shown is not None and self.is_attached and keys_shown(self.screen) == self.shown:
            return
        await super().recompose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Compared in recompose, which runs after the frame: not while a key waits for it.
        self.told = True
        super().bindings_changed(screen)

"""The yardstick for a key's answer: a bare Textual app whose `n` changes one Static.

It starts showing "Steps topic 1/20 ·" and each `n` shows the next number, as histtui's
reader shows "topic 2/20 ·" for the next topic (bench/pty_keys.py times both on a pty). It
imports nothing from histtui; ctrl+q ends it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static


class BareKeyApp(App[None]):
    """One Static, and `n`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "next", "Next")]
    number = 1

    def compose(self) -> ComposeResult:
        yield Static("Steps topic 1/20 ·")

    def action_next(self) -> None:
        self.number += 1
        self.query_one(Static).update(f"topic {self.number}/20 ·")


if __name__ == "__main__":
    BareKeyApp().run()

"""The help screen: every key, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("?", "Show this help"),
            ("ctrl+p", "Command palette: type part of a topic's title to open it"),
            ("d", "Switch between the dark and light themes (remembered)"),
            ("q", "Quit (progress is already saved)"),
        ],
    ),
    (
        "Smart Guide (the overview)",
        [
            ("up / down", "Move between Continue and the chapters"),
            ("enter", "Continue where you were, or open a chapter at its first unfinished topic"),
        ],
    ),
    (
        "Reading a topic",
        [
            ("n / p", "Next / previous topic, across chapters and units"),
            ("c", "Mark Complete, or Mark Incomplete"),
            ("o / escape", "Back to Smart Guide"),
            ("s", "Hide or show the sidebar"),
            ("tab", "Move between the sidebar and the topic"),
        ],
    ),
    (
        "Sidebar",
        [
            ("up / down, j / k", "Move"),
            ("enter", "Open the topic, or open/close a chapter"),
            ("left / right, h / l", "Collapse / expand"),
        ],
    ),
    (
        "Topic",
        [
            ("up / down, j / k", "Scroll a line"),
            ("space, pagedown / pageup", "Scroll a page"),
            ("home / end", "Top / bottom of the topic"),
        ],
    ),
    (
        "Exam practice",
        [
            ("x", "Exam questions of the highlighted chapter, or of the topic you are reading"),
            ("up / down, enter", "Choose a question and write your answer plan"),
            ("T (shift+t)", "Timer for your next plan: off, 10 or 30 minutes"),
            ("ctrl+t", "The same, while writing a plan (starts counting again)"),
            ("ctrl+r", "Show or hide the model answer plan beside yours"),
            ("ctrl+s", "Save your plan (leaving or quitting saves it too)"),
            ("escape", "Save your plan and go back"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    """Every key histtui understands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "dismiss", "Close", show=True),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for group, keys in KEYS:
            table.add_row(Text(group, style="bold underline"), "")
            for key, meaning in keys:
                table.add_row(key, meaning)
            table.add_row("", "")
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static("escape or ? closes this help", id="help-close")

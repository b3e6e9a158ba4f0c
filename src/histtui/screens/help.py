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
            ("/", "Search every topic and your notes"),
            ("r", "Review the flashcards that are due"),
            ("d", "Switch between the dark and light themes (remembered)"),
            ("t", "Timeline: every dated event in date order (from the Smart Guide or a topic)"),
            ("S", "Statistics: heatmap, streaks, forecast, chapters weakest first (enter opens)"),
            ("q, ctrl+c", "Quit (progress and notes are saved)"),
        ],
    ),
    (
        "Smart Guide (the overview)",
        [
            ("up / down, j / k, g / G", "Move between Continue and the chapters"),
            ("enter", "Continue where you were, or open a chapter at its first unfinished topic"),
            ("R", "Add the highlighted chapter's flashcards to your reviews now"),
            ("a", "Case studies (the highlighted chapter's first)"),
            ("N", "How many new flashcards join your reviews each day (default 20)"),
            ("E", "Set your exam date: a plan of topics a day, and today's topics"),
        ],
    ),
    (
        "Reading a topic",
        [
            ("n / p", "Next / previous topic, across chapters and units"),
            ("c", "Mark Complete, or Mark Incomplete (its flashcards join your reviews)"),
            ("m", "Mark Complete and go on to the next topic"),
            (
                "click",
                "Mark Complete, Previous, Next and Back to Smart Guide do what their keys do",
            ),
            ("b", 'Mark the topic "revise again" (★), or unmark it'),
            ("e", "Write or edit your own note on the topic"),
            ("R", "Add this chapter's flashcards to your reviews now"),
            ("o / escape", "Back to Smart Guide"),
            ("s", "Hide or show the sidebar (below 100 columns it covers the topic)"),
            ("tab", "Move between the sidebar and the topic (opens a hidden sidebar)"),
            ("a", "Case studies (this chapter's first)"),
        ],
    ),
    (
        "After a search",
        [
            ("n / N", "Next / previous hit in the topic"),
            ("escape", "Clear the hits, so that n / p are next / previous topic again"),
        ],
    ),
    (
        "Search",
        [
            ("type", "Results as you type: all the words, in titles, notes and text"),
            ("down, enter", "Move to the results; open one at its first hit"),
            ("escape", "Back"),
        ],
    ),
    (
        "Your note",
        [
            ("ctrl+s", "Save"),
            ("escape", "Back to the topic (asks if you have unsaved changes)"),
        ],
    ),
    (
        "Flashcards",
        [
            ("space", "Show the answer"),
            ("1 2 3 4", "Again, Hard, Good, Easy: how well you knew it (each shows its interval)"),
            ("u", "Undo the last grade (or suspension)"),
            ("!", "Suspend the card: it never comes back"),
            ("escape", "End the review"),
        ],
    ),
    (
        "Statistics",
        [
            ("up / down, j / k, g / G, enter", "Choose a chapter (weakest first) and open it"),
            ("escape, S", "Back"),
        ],
    ),
    (
        "Timeline",
        [
            ("letters, digits", "Type to filter the events (any word of event, topic or chapter)"),
            ("escape / down", "From the filter, back to the events"),
            ("up / down, enter", "Move; open the event's topic"),
            ("ctrl+f", "Only the chapter you were reading, or all chapters again"),
            ("ctrl+z", "Quiz: which of two or three events came first?"),
            ("ctrl+o", "Open the case study with a source from the event's month (or year)"),
            ("escape", "Back to where you were"),
        ],
    ),
    (
        "Timeline quiz",
        [
            ("1 / 2 / 3", "The event that came first"),
            ("any key, enter", "Next question, once the answer is shown"),
            ("escape, q", "End the quiz and see the final score"),
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
            ("up / down, j / k, g / G, enter", "Choose a question and write your answer plan"),
            ("T (shift+t)", "Timer for your next plan: off, 10 or 30 minutes"),
            ("ctrl+t", "The same, while writing a plan (starts counting again)"),
            ("ctrl+r", "Show or hide the model answer plan beside yours"),
            ("ctrl+s", "Save your plan (leaving or quitting saves it too)"),
            ("escape", "Save your plan and go back"),
        ],
    ),
    (
        "Case studies",
        [
            ("a", "The list: best self-mark and last attempt of each, and your skill profile"),
            (
                "up / down, j / k, g / G, enter",
                "Choose a case study and work through its questions",
            ),
            ("d", "Drill one skill: its questions across every case study"),
            ("ctrl+p", 'Also from the command palette: "Case studies", "Drill: purpose", ...'),
            ("tab / shift+tab", "Move between the sources, your answer and the marking guide"),
            ("a b c d e f, A B C D E F", "Source A-F (when you are not typing in your answer)"),
            ("ctrl+o", "Next source, also while typing"),
            ("ctrl+n / ctrl+b", "Next / previous question (your answer is saved)"),
            ("n / p", "The same, when you are not typing in your answer"),
            ("ctrl+s", "Save your answer (moving, leaving or quitting saves it too)"),
            ("ctrl+r", "Show the marking guide and model answer (or hide them)"),
            ("1 2 3 4 5", "With the marking guide shown: mark yourself at that level (top mark)"),
            ("same digit again", "One mark lower within the level, then its top mark again"),
            ("ctrl+t", "Timer: off, 10 or 30 minutes"),
            ("escape", "Save your answer and go back"),
        ],
    ),
]


FIRST: dict[str, tuple[str, ...]] = {
    "OverviewScreen": ("Smart Guide (the overview)", "Exam practice"),
    "ReaderScreen": ("Reading a topic", "After a search", "Topic", "Sidebar"),
    "SearchScreen": ("Search",),
    "NoteScreen": ("Your note",),
    "ReviewScreen": ("Flashcards",),
    "TimelineScreen": ("Timeline",),
    "TimelineQuizScreen": ("Timeline quiz",),
    "ExamScreen": ("Exam practice",),
}
"""The groups of keys shown first on help opened from each screen (by class name)."""

KEYMAP_HELP = (
    "Keys can be changed in keys.toml in histtui's config folder (histtui check-config "
    'shows where): for example  [keys]  reader.next = "n,right"'
)


def ordered(screen_name: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """KEYS with the groups of `screen_name`'s keys first, then the rest in their order."""
    first = FIRST.get(screen_name, ())
    return [group for name in first for group in KEYS if group[0] == name] + [
        group for group in KEYS if group[0] not in first
    ]


class HelpScreen(ModalScreen[None]):
    """Every key histtui understands, those of the screen it was opened on first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "dismiss", "Close", show=True),
    ]

    def __init__(self, screen_name: str = "") -> None:
        super().__init__()
        self.screen_name = screen_name

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for group, keys in ordered(self.screen_name):
            table.add_row(Text(group, style="bold underline"), "")
            for key, meaning in keys:
                table.add_row(key, meaning)
            table.add_row("", "")
        with VerticalScroll(id="help"):
            yield Static(table)
            yield Static(KEYMAP_HELP, id="help-keymap")
            yield Static("escape or ? closes this help", id="help-close")

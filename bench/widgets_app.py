"""A second yardstick, for peak memory and `n`: histtui's widgets and text, without histtui.

An overview screen (title, progress bar, an OptionList of chapters, a Footer), a reader
screen (a Tree of the guide beside a scrolling pane of Statics and a ProgressBar, a
Footer), the command palette over the topics' titles, a help screen and the theme key:
the Textual widgets histtui is made of, showing the bundled guide's titles and notes (as
plain text), driven by the same keys as bench/run.py's student. What it peaks at is what
those widgets cost before any of histtui's own code, data or caches (docs/performance.md),
and how long they take to show the next topic (its top line says "topic 41 ·").
It imports nothing from histtui.

    python bench/widgets_app.py [GUIDE]
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, ProgressBar, Static, Tree

GUIDE = Path(__file__).resolve().parent.parent / "data" / "guide.toml"


def read_guide(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """(chapter title, [(topic title, body)]) for every chapter of the guide."""
    with path.open("rb") as file:
        data: dict[str, Any] = tomllib.load(file)
    return [
        (chapter["title"], [(topic["title"], topic["body"]) for topic in chapter["topics"]])
        for unit in data["units"]
        for chapter in unit["chapters"]
    ]


def the_app(app: object) -> WidgetsApp:
    """The running WidgetsApp, typed as such."""
    assert isinstance(app, WidgetsApp)
    return app


class Titles(Provider):
    """Every topic's title, matched fuzzily, as histtui's palette offers them."""

    async def search(self, query: str) -> Hits:
        app = the_app(self.app)
        matcher = self.matcher(query)
        for title in app.titles:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), app.open_reader)


class Overview(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "continue", "Continue"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        app = the_app(self.app)
        yield Static(Text("Smart Guide", style="bold"))
        yield Static("0% Complete, 0/187 Steps")
        yield ProgressBar(total=len(app.titles), show_eta=False)
        yield OptionList(
            *(
                Text(f"{n}. {title}  {len(topics)} Topics")
                for n, (title, topics) in enumerate(app.chapters, 1)
            )
        )
        yield Footer()

    def on_option_list_option_selected(self) -> None:
        self.action_continue()

    def action_continue(self) -> None:
        app = the_app(self.app)
        app.open_reader()


class Reader(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "step(1)", "Next"),
        Binding("p", "step(-1)", "Previous"),
        Binding("c", "complete", "Complete"),
        Binding("o", "app.switch_screen('overview')", "Smart Guide"),
        Binding("s", "sidebar", "Sidebar"),
        Binding("j", "tree_down", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0

    def compose(self) -> ComposeResult:
        app = the_app(self.app)
        tree: Tree[int] = Tree("Guide")
        tree.show_root = False
        number = 0
        for chapter, topics in app.chapters:
            node = tree.root.add(Text(chapter), expand=number == 0)
            for title, _body in topics:
                node.add_leaf(Text(title), number)
                number += 1
        with Horizontal():
            yield tree
            with VerticalScroll():
                yield Static(id="crumb")
                yield Static(id="title")
                yield ProgressBar(total=20, show_eta=False)
                yield Static("Mark Complete", id="complete")
                yield Static(id="body")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        app = the_app(self.app)
        title, body = app.topics[self.index]
        where = f"The World in Crisis › Chapter · topic {self.index + 1} ·"
        self.query_one("#crumb", Static).update(Text(where))
        self.query_one("#title", Static).update(Text(title, style="bold"))
        self.query_one("#body", Static).update(Text(body))

    def action_step(self, step: int) -> None:
        app = the_app(self.app)
        self.index = (self.index + step) % len(app.topics)
        self.show()

    def action_complete(self) -> None:
        self.query_one(ProgressBar).advance(1)
        self.query_one("#complete", Static).update("Mark Incomplete")

    def action_sidebar(self) -> None:
        tree = self.query_one(Tree)
        tree.display = not tree.display

    def action_tree_down(self) -> None:
        self.query_one(Tree).action_cursor_down()

    def on_tree_node_selected(self, event: Tree.NodeSelected[int]) -> None:
        if event.node.data is not None:
            self.index = event.node.data
            self.show()


class Help(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        keys = [f"{key:<10} {what}" for key, what in HELP]
        with VerticalScroll():
            yield Static(Text("\n".join(keys * 3)))


HELP = [
    ("n / p", "next / previous topic"),
    ("c", "mark complete"),
    ("o", "Back to Smart Guide"),
    ("s", "sidebar"),
    ("ctrl+p", "find a topic"),
    ("d", "dark / light"),
    ("q", "quit"),
]


class WidgetsApp(App[None]):
    """histtui's widgets, screens and text; none of its code."""

    COMMANDS = App.COMMANDS | {Titles}
    CSS = "Tree { width: 40%; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("d", "toggle_theme", "Dark/light"),
    ]

    def __init__(self, guide: Path) -> None:
        super().__init__()
        self.chapters = read_guide(guide)
        self.topics = [topic for _chapter, topics in self.chapters for topic in topics]
        self.titles = [title for title, _body in self.topics]

    def on_mount(self) -> None:
        self.install_screen(Overview(), "overview")
        self.install_screen(Reader(), "reader")
        self.push_screen("overview")

    def open_reader(self) -> None:
        self.switch_screen("reader")

    def action_help(self) -> None:
        self.push_screen(Help())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"


if __name__ == "__main__":
    WidgetsApp(Path(sys.argv[1]) if len(sys.argv) > 1 else GUIDE).run()

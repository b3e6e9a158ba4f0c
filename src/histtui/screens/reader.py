"""The reader: the course tree beside the topic pane."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Tree

from histtui.guide import Topic
from histtui.widgets.course_tree import CourseTree, Entry
from histtui.widgets.topic_view import TopicView

if TYPE_CHECKING:
    from histtui.app import HistTUI


class ReaderScreen(Screen[None]):
    """One topic at a time, with the whole guide in a sidebar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_topic", "Next"),
        Binding("p", "previous_topic", "Previous"),
        Binding("c", "toggle_complete", "Complete"),
        Binding("o,escape", "overview", "Smart Guide"),
        Binding("s", "toggle_sidebar", "Sidebar"),
        Binding("x", "exam", "Exam"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topic: Topic | None = None

    @property
    def histtui(self) -> HistTUI:
        """The app, with its guide and progress."""
        return cast("HistTUI", self.app)

    def compose(self) -> ComposeResult:
        guide, progress = self.histtui.guide, self.histtui.progress
        with Horizontal():
            yield CourseTree(guide, progress, id="sidebar")
            yield TopicView(guide, progress, id="topic")
        yield Footer()

    def on_mount(self) -> None:
        self.render_topic()
        self.query_one(TopicView).focus()

    def on_screen_resume(self) -> None:
        self.query_one(CourseTree).refresh_all()
        self.query_one(TopicView).refresh_progress()

    def show_topic(self, topic: Topic) -> None:
        """Show a topic in the pane and put the tree's cursor on it."""
        self.topic = topic
        if self.is_mounted:
            self.render_topic()

    def render_topic(self) -> None:
        """Bring the tree and the pane to the open topic."""
        if self.topic is not None:
            self.query_one(CourseTree).show_topic(self.topic)
            self.query_one(TopicView).show(self.topic)

    @on(Tree.NodeSelected, "#sidebar")
    def open_node(self, event: Tree.NodeSelected[Entry]) -> None:
        """Enter on a topic in the tree opens it."""
        if isinstance(event.node.data, Topic):
            self.histtui.open_topic(event.node.data)

    def action_next_topic(self) -> None:
        """Open the next topic in guide order."""
        if self.topic is not None and (topic := self.histtui.guide.next_topic(self.topic)):
            self.histtui.open_topic(topic)

    def action_previous_topic(self) -> None:
        """Open the previous topic in guide order."""
        if self.topic is not None and (topic := self.histtui.guide.previous_topic(self.topic)):
            self.histtui.open_topic(topic)

    def action_toggle_complete(self) -> None:
        """Mark the open topic complete, or incomplete if it already is."""
        if self.topic is None:
            return
        topic = self.topic
        self.histtui.set_complete(topic, not self.histtui.progress.is_complete(topic.id))
        self.query_one(CourseTree).refresh_topic(topic)
        self.query_one(TopicView).refresh_progress()

    def action_overview(self) -> None:
        """Back to the Smart Guide overview."""
        self.histtui.show_overview()

    def action_toggle_sidebar(self) -> None:
        """Hide or show the course tree."""
        tree = self.query_one(CourseTree)
        tree.display = not tree.display
        if not tree.display:
            self.query_one(TopicView).focus()

    def action_exam(self) -> None:
        """Exam practice on the open topic's chapter."""
        if self.topic is not None:
            self.histtui.open_exam(self.topic.chapter)

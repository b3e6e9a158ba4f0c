"""The reader: the course tree beside the topic pane."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Tree

from histtui.guide import Topic
from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenExam, OpenTopic, ShowOverview
from histtui.session import Change
from histtui.widgets.course_tree import CourseTree, Node
from histtui.widgets.topic_view import TopicView


class ReaderScreen(StudyScreen[None]):
    """One topic at a time, with the whole guide in a sidebar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next"),
        Binding("p", "previous_topic", "Previous"),
        Binding("N", "previous_hit", "Previous hit", show=False),
        Binding("c", "toggle_complete", "Complete"),
        Binding("b", "toggle_bookmark", "Revise again", show=False),
        Binding("e", "edit_note", "Note"),
        Binding("R", "enrol_chapter", "Add chapter's cards", show=False),
        Binding("escape", "back", "Smart Guide", show=False),
        Binding("o", "overview", "Smart Guide"),
        Binding("s", "toggle_sidebar", "Sidebar", show=False),
        Binding("x", "exam", "Exam"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topic: Topic | None = None
        self.words: list[str] = []

    def compose(self) -> ComposeResult:
        session = self.session
        with Horizontal():
            yield CourseTree(session.guide, session.progress, id="sidebar")
            yield TopicView(session.guide, session.progress, id="topic")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.render_topic()
        self.query_one(TopicView).focus()
        self.watch_progress(self.progress_changed)

    def progress_changed(self, change: Change) -> None:
        """Bring the tree's ticks and the pane's progress up to date with the record."""
        self.query_one(CourseTree).show_change(change)
        view = self.query_one(TopicView)
        view.refresh_progress()
        view.refresh_note()

    def show_topic(self, topic: Topic, words: list[str] | None = None) -> None:
        """Show a topic in the pane (marking `words`, if any) and put the tree's cursor on it."""
        self.topic = topic
        self.words = words or []
        if self.is_mounted:
            self.render_topic()

    def render_topic(self) -> None:
        """Bring the tree and the pane to the open topic."""
        if self.topic is not None:
            self.query_one(CourseTree).show_topic(self.topic)
            self.query_one(TopicView).show(self.topic, self.words)

    @on(Tree.NodeSelected, "#sidebar")
    def open_node(self, event: Tree.NodeSelected[Node]) -> None:
        """Enter on a topic in the tree opens it."""
        if isinstance(event.node.data, Topic):
            self.post_message(OpenTopic(event.node.data))

    def action_next(self) -> None:
        """The next search hit while hits are marked; otherwise the next topic."""
        view = self.query_one(TopicView)
        if view.highlighting:
            view.next_hit(1)
        elif self.topic is not None and (topic := self.session.guide.next_topic(self.topic)):
            self.post_message(OpenTopic(topic))

    def action_next_topic(self) -> None:
        """Open the next topic in guide order (search hits or not)."""
        if self.topic is not None and (topic := self.session.guide.next_topic(self.topic)):
            self.post_message(OpenTopic(topic))

    def action_previous_hit(self) -> None:
        """The previous search hit."""
        self.query_one(TopicView).next_hit(-1)

    def action_back(self) -> None:
        """Clear the search hits if there are any; otherwise back to the Smart Guide."""
        view = self.query_one(TopicView)
        if view.highlighting:
            self.words = []
            view.clear_hits()
        else:
            self.post_message(ShowOverview())

    def action_toggle_bookmark(self) -> None:
        """Mark the open topic "revise again", or unmark it."""
        if self.topic is not None:
            self.session.toggle_bookmark(self.topic)

    def action_edit_note(self) -> None:
        """Write or edit your own note on this topic."""
        from histtui.screens.note import NoteScreen  # imported on demand, as in app.py

        if self.topic is not None:
            self.app.push_screen(NoteScreen(self.topic))

    def action_enrol_chapter(self) -> None:
        """Put this chapter's flashcards into review now."""
        if self.topic is not None:
            self.enrol_chapter(self.topic.chapter)

    def action_previous_topic(self) -> None:
        """Open the previous topic in guide order."""
        if self.topic is not None and (topic := self.session.guide.previous_topic(self.topic)):
            self.post_message(OpenTopic(topic))

    def action_toggle_complete(self) -> None:
        """Mark the open topic complete, or incomplete if it already is."""
        if self.topic is not None:
            self.session.toggle_complete(self.topic)

    def action_overview(self) -> None:
        """Back to the Smart Guide overview."""
        self.post_message(ShowOverview())

    def action_toggle_sidebar(self) -> None:
        """Hide or show the course tree."""
        tree = self.query_one(CourseTree)
        tree.display = not tree.display
        if not tree.display:
            self.query_one(TopicView).focus()

    def action_exam(self) -> None:
        """Exam practice on the open topic's chapter."""
        if self.topic is not None:
            self.post_message(OpenExam(self.topic.chapter))

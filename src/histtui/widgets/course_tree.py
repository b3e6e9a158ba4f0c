"""The sidebar tree of units, chapters and topics."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from histtui.guide import Chapter, Guide, Topic, Unit
from histtui.progress import Progress

Entry = Unit | Chapter | Topic

TICK = "✔"
BOOKMARK = "★"


class CourseTree(Tree[Entry]):
    """Units › chapters › topics, with a tick on each completed topic and done/total per chapter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("left,h", "collapse", "Collapse", show=False),
        Binding("right,l", "expand", "Expand", show=False),
    ]

    def __init__(self, guide: Guide, progress: Progress, *, id: str | None = None) -> None:
        super().__init__(Text(guide.title), id=id)
        self.guide = guide
        self.progress = progress
        self.show_root = False
        self.guide_depth = 2
        self._topic_nodes: dict[str, TreeNode[Entry]] = {}
        self._chapter_nodes: dict[str, TreeNode[Entry]] = {}
        for unit in guide.units:
            unit_node = self.root.add(self.label(unit), unit, expand=True)
            for chapter in unit.chapters:
                chapter_node = unit_node.add(self.label(chapter), chapter)
                self._chapter_nodes[chapter.id] = chapter_node
                for topic in chapter.topics:
                    self._topic_nodes[topic.id] = chapter_node.add_leaf(self.label(topic), topic)

    def label(self, entry: Entry) -> Text:
        """The label for a node: plain text from the guide, never markup."""
        if isinstance(entry, Topic):
            complete = self.progress.is_complete(entry.id)
            label = Text.assemble((f"{TICK} " if complete else "  ", "bold green"), entry.title)
            if self.progress.is_bookmarked(entry.id):
                label.append(f" {BOOKMARK}", style="bold yellow")
            return label
        if isinstance(entry, Chapter):
            done = self.progress.count_complete(topic.id for topic in entry.topics)
            # The count goes first so that a narrow sidebar cuts the title, not the count.
            return Text.assemble(
                f"{entry.number}. ", (f"{done}/{len(entry.topics)} ", "dim"), entry.title
            )
        return Text(entry.title, style="bold")

    def refresh_topic(self, topic: Topic) -> None:
        """Update the labels of a topic and its chapter after the topic's completion changed."""
        self._topic_nodes[topic.id].set_label(self.label(topic))
        self._chapter_nodes[topic.chapter.id].set_label(self.label(topic.chapter))

    def refresh_all(self) -> None:
        """Relabel every node (after a merge brought in another instance's changes)."""
        for chapter in self.guide.chapters:
            self._chapter_nodes[chapter.id].set_label(self.label(chapter))
        for topic in self.guide.topics:
            self._topic_nodes[topic.id].set_label(self.label(topic))

    def show_topic(self, topic: Topic) -> None:
        """Expand the topic's chapter and put the cursor on the topic."""
        node = self._topic_nodes[topic.id]
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
            # The tree lays out the newly shown lines on its next refresh.
            self.call_after_refresh(self.move_cursor, node, False)
        else:
            self.move_cursor(node, animate=False)

    def action_collapse(self) -> None:
        """Collapse the node under the cursor, or go to its parent if it is already closed."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent, animate=False)

    def action_expand(self) -> None:
        """Expand the node under the cursor, or go to its first child if it is already open."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0], animate=False)

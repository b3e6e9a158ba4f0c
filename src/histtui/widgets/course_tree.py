"""The sidebar tree of units, chapters and topics."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from histtui.guide import Chapter, Guide, Topic, Unit
from histtui.progress import Progress
from histtui.session import Change
from histtui.wording import BOOKMARK, TICK

Node = Unit | Chapter | Topic
"""What a node of the tree stands for."""

NOTE = "✎"


def relabel(node: TreeNode[Node], label: Text) -> None:
    """Give `node` a new label, unless it has that one already.

    A new label repaints the node's line and every line under it (opening a topic, which
    changes no label, repainted its chapter's lines on every `n`).
    """
    current = node.label
    if not isinstance(current, Text) or current != label or current.style != label.style:
        node.set_label(label)


class CourseTree(Tree[Node]):
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
        self.rich_styles: dict[tuple[tuple[str, ...], bool], Style] = {}
        """Component styles worked out (see get_component_rich_style)."""
        self._topic_nodes: dict[str, TreeNode[Node]] = {}
        self._chapter_nodes: dict[str, TreeNode[Node]] = {}
        # A chapter's topics join the tree when it is first expanded: building thousands
        # of nodes up front would cost more than the rest of the app's start.
        for unit in guide.units:
            unit_node = self.root.add(self.label(unit), unit, expand=True)
            for chapter in unit.chapters:
                self._chapter_nodes[chapter.id] = unit_node.add(self.label(chapter), chapter)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Textual 8.2's ScrollView compares the virtual size the layout gives it (its own
        # region) with its own (the tree's lines), which differ whenever the tree scrolls:
        # every layout of the screen (each `n`, as the topic pane changes) then repainted
        # the tree's scrollbar, 2 ms each time, with nothing changed. Same size: no update.
        if size == self._size and container_size == self.container_size:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)

    def get_component_rich_style(
        self, *names: str, partial: bool = False, default: Style | None = None
    ) -> Style:
        # Textual forgets these at every refresh of the tree, and moving its cursor (each `n`)
        # is a refresh: working them out again was about a third of drawing the cursor's two
        # lines. They change only with the tree's styles (theme, focus, the screen's classes),
        # which Textual announces by notify_style_update.
        key = (names, partial)
        style = self.rich_styles.get(key)
        if style is None:
            style = super().get_component_rich_style(*names, partial=partial, default=default)
            self.rich_styles[key] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.rich_styles.clear()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_all())
        self.refresh_all()

    def add_topics(self, node: TreeNode[Node]) -> None:
        """Give a chapter's node its topics, if it does not have them yet."""
        chapter = node.data
        if isinstance(chapter, Chapter) and not node.children:
            for topic in chapter.topics:
                self._topic_nodes[topic.id] = node.add_leaf(self.label(topic), topic)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        """A chapter opened by enter or a click gets its topics."""
        self.add_topics(event.node)

    def label(self, entry: Node) -> Text:
        """The label for a node: plain text from the guide, never markup."""
        if isinstance(entry, Topic):
            # The marks go before the title, where a narrow sidebar never cuts them off.
            label = Text()
            tick = f"bold {self.colour('histtui-done', 'green')}"
            label.append(TICK if self.progress.is_complete(entry.id) else " ", tick)
            if self.progress.is_bookmarked(entry.id):
                label.append(BOOKMARK, style=f"bold {self.colour('histtui-mark', 'yellow')}")
            if self.progress.note(entry.id).strip():
                label.append(NOTE, style="bold")
            label.append(" ")
            label.append(entry.title)
            return label
        if isinstance(entry, Chapter):
            done = self.progress.count_complete(topic.id for topic in entry.topics)
            # The count goes first so that a narrow sidebar cuts the title, not the count; a
            # finished chapter gets its tick there.
            count = (
                (f"{TICK} ", f"bold {self.colour('histtui-done', 'green')}")
                if done == len(entry.topics)
                else (f"{done}/{len(entry.topics)} ", "dim")
            )
            return Text.assemble(f"{entry.number}. ", count, entry.title)
        return Text(entry.title, style="bold")

    def colour(self, name: str, fallback: str) -> str:
        """One of the theme's colours (widgets/colours.py), once the tree is in the app."""
        return self.app.theme_variables.get(name, fallback) if self.is_attached else fallback

    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        """The node's label, ending in "…" where the sidebar's width cuts it."""
        text = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def refresh_topic(self, topic: Topic) -> None:
        """Update the labels of a topic and its chapter after the topic's completion changed."""
        if node := self._topic_nodes.get(topic.id):
            relabel(node, self.label(topic))
        relabel(self._chapter_nodes[topic.chapter.id], self.label(topic.chapter))

    def show_change(self, change: Change) -> None:
        """Update the labels a change of the student's record touches."""
        if change.topics is None:
            self.refresh_all()
            return
        for topic_id in change.topics:
            if (topic := self.guide.topic(topic_id)) is not None:
                self.refresh_topic(topic)

    def refresh_all(self) -> None:
        """Relabel every node (after a merge brought in another instance's changes)."""
        for chapter in self.guide.chapters:
            self._chapter_nodes[chapter.id].set_label(self.label(chapter))
        for node in self._topic_nodes.values():
            if isinstance(topic := node.data, Topic):
                node.set_label(self.label(topic))

    def show_topic(self, topic: Topic) -> None:
        """Expand the topic's chapter and put the cursor on the topic."""
        chapter_node = self._chapter_nodes[topic.chapter.id]
        self.add_topics(chapter_node)
        node = self._topic_nodes[topic.id]
        if not chapter_node.is_expanded:
            chapter_node.expand()
            # The tree lays out the newly shown lines on its next refresh.
            self.call_after_refresh(self.put_cursor, node)
        else:
            self.put_cursor(node)

    def put_cursor(self, node: TreeNode[Node]) -> None:
        """Move the cursor to `node`; if that takes it out of sight, scroll it a third of
        the way down, so that the next topics (`n`) are in sight too.

        The Tree scrolls just far enough to show the cursor: read in order, every topic
        after the first screenful scrolled the tree by a line, repainting all of it and
        its scrollbar (4-5 ms of each `n`).
        """
        line, top, height = node.line, round(self.scroll_y), self.scrollable_content_region.height
        if height > 0 and line >= 0 and not top <= line < top + height:
            # force, as the Tree itself scrolls to its cursor
            self.scroll_to(y=max(0, line - height // 3), animate=False, force=True, immediate=True)
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
        self.add_topics(node)
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0], animate=False)

"""The reader: the course tree beside the topic pane."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Tree

from histtui.guide import Topic
from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenCaseStudies, OpenExam, OpenTopic, ShowOverview
from histtui.session import Change
from histtui.widgets.course_tree import CourseTree, Node
from histtui.widgets.footer import KeyBar
from histtui.widgets.page_scrollbar import PageScrollbar
from histtui.widgets.topic_view import TopicView
from histtui.wording import chapter_label

NARROW = 100
"""Below this many columns the sidebar is hidden unless asked for (s or tab), and then
covers the topic: at 80 columns a sidebar beside the topic left it 44 columns wide."""


class ReaderScreen(StudyScreen[None]):
    """One topic at a time, with the whole guide in a sidebar."""

    # Short labels, so that the keys that matter fit the footer at 80 columns (p, m, x, o
    # are on the lines under the topic, and every key is in help). Two
    # bindings on a key are told apart by check_action: n is "Next hit" while search hits
    # are marked, c says "Incomplete" once the topic is complete.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_hit", "Next hit", id="reader.next_hit"),
        Binding("N", "previous_hit", "Prev hit", id="reader.previous_hit"),
        Binding("escape", "clear_hits", "Clear", id="reader.clear_hits"),
        Binding("n", "next", "Next", id="reader.next"),
        Binding("p", "previous_topic", "Prev", show=False, id="reader.previous"),
        Binding("c", "complete", "Complete", id="reader.complete"),
        Binding("c", "incomplete", "Incomplete", id="reader.incomplete"),
        Binding("m", "complete_and_next", "Done, next", show=False, id="reader.done_next"),
        Binding("b", "toggle_bookmark", "Star", id="reader.bookmark"),
        Binding("e", "edit_note", "Note", id="reader.note"),
        Binding("slash", "app.search", "Find", id="reader.search"),
        Binding("t", "app.timeline", "Dates", id="reader.timeline"),
        Binding("r", "app.review", "Cards", id="reader.review"),
        Binding("R", "enrol_chapter", "+Cards", id="reader.enrol"),
        Binding("s", "toggle_sidebar", "Side", id="reader.sidebar"),
        Binding("tab", "tab", "Sidebar/topic", show=False, id="reader.tab"),
        Binding("x", "exam", "Exam", show=False, id="reader.exam"),
        Binding("escape", "back", "Smart Guide", show=False, id="reader.back"),
        Binding("o", "overview", "Smart Guide", show=False, id="reader.overview"),
        # q still quits; hidden here so that the footer has room for ? Help at 80 columns.
        Binding("q", "app.quit", "Quit", show=False, id="reader.quit"),
        Binding("a", "case_studies", "Case studies", show=False, id="reader.case_studies"),
    ]

    # At 80 or 100 columns while search hits add n, N and escape.
    FOOTER_DROPS = ("enrol_chapter", "app.timeline", "app.review", "toggle_sidebar")

    def __init__(self) -> None:
        super().__init__()
        self.topic: Topic | None = None
        self.heading: Topic | None = None
        """The topic the last n or p asked for, until it shows: keys typed faster than
        topics open go on from there (ten n's in a row read ten topics on, not one)."""
        self.words: list[str] = []
        self.keys_shown: tuple[bool, bool] | None = None
        """What the footer's keys were last worked out for (see refresh_keys)."""

    def compose(self) -> ComposeResult:
        session = self.session
        with Horizontal():
            yield CourseTree(session.guide, session.progress, id="sidebar")
            pane = TopicView(session.guide, session.progress, id="topic")
            yield pane
            yield PageScrollbar(pane, id="topic-scrollbar")
        yield KeyBar(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.render_topic()
        self.query_one(TopicView).focus()
        self.refresh_keys()
        self.watch_progress(self.progress_changed)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    @property
    def narrow(self) -> bool:
        """Whether the sidebar covers the topic when shown (a narrow terminal)."""
        return self.has_class("-narrow")

    def keys_state(self) -> tuple[bool, bool]:
        """What n and c do depends on: whether search hits are marked in the pane (none
        before it is composed), and whether the open topic is complete."""
        panes = self.query(TopicView)
        hits = bool(panes) and panes.first().highlighting
        done = self.topic is not None and self.session.progress.is_complete(self.topic.id)
        return hits, done

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the hit keys only while hits are marked, and c by what it will do."""
        hits, done = self.keys_state()
        if action in ("next_hit", "previous_hit", "clear_hits"):
            return hits
        if action == "next":
            return not hits
        if action in ("complete", "incomplete"):
            return done if action == "incomplete" else not done
        return True

    def refresh_keys(self, *, if_changed: bool = False) -> None:
        """Work out the footer's keys again (check_action, from keys_state). With
        `if_changed`, only if keys_state has changed since they were last worked out here.

        Every change to what it reads comes through here. Textual works out every binding
        of the focused widgets and their screen again at each refresh of the bindings, and
        the footer its labels: done at every `n` (with a focus() on the pane that had it),
        that was 1.1-1.6 ms of the 12-19 before the next topic showed (docs/performance.md).
        """
        keys = self.keys_state()
        if if_changed and keys == self.keys_shown:
            return
        self.keys_shown = keys
        self.refresh_bindings()

    def progress_changed(self, change: Change) -> None:
        """Bring the tree's ticks and the pane's progress up to date with the record."""
        if change.reading:
            return  # the topic opened here: its tick, note and keys are as they were
        self.query_one(CourseTree).show_change(change)
        view = self.query_one(TopicView)
        view.refresh_progress()
        view.refresh_note()
        self.refresh_keys()

    def show_topic(self, topic: Topic, words: list[str] | None = None) -> None:
        """Show a topic in the pane (marking `words`, if any) and put the tree's cursor on it."""
        if self.is_mounted:
            self.keep_place()
        self.topic = topic
        if topic is self.heading:
            self.heading = None
        self.words = words or []
        self.remove_class("-sidebar-open")
        if self.is_mounted:
            self.render_topic()
            view = self.query_one(TopicView)
            if self.focused is not view:
                view.focus()
            self.refresh_keys(if_changed=True)

    def render_topic(self) -> None:
        """Bring the tree and the pane to the open topic, where the student stopped reading
        it last (or at the first search hit)."""
        if self.topic is not None:
            self.query_one(CourseTree).show_topic(self.topic)
            view = self.query_one(TopicView)
            view.show(self.topic, self.words)
            if not self.words and (line := self.session.progress.place(self.topic.id)):
                view.call_after_refresh(view.scroll_to, y=line, animate=False, immediate=True)

    def keep_place(self) -> None:
        """Remember how far down the open topic the student has read."""
        if self.topic is not None and not self.words:
            self.session.keep_place(self.topic, round(self.query_one(TopicView).scroll_y))

    def on_screen_suspend(self) -> None:
        self.keep_place()

    def save_unsaved(self) -> bool:
        """Keep the reading place (the app calls this before it quits); nothing typed here."""
        self.keep_place()
        return False

    @on(Tree.NodeSelected, "#sidebar")
    def open_node(self, event: Tree.NodeSelected[Node]) -> None:
        """Enter on a topic in the tree opens it."""
        if isinstance(event.node.data, Topic):
            self.post_message(OpenTopic(event.node.data))

    def action_next(self) -> None:
        """The next topic."""
        self.action_next_topic()

    def action_next_hit(self) -> None:
        """The next search hit."""
        self.query_one(TopicView).next_hit(1)

    def action_clear_hits(self) -> None:
        """Stop marking search hits: n and p are next and previous topic again."""
        self.words = []
        self.query_one(TopicView).clear_hits()
        self.refresh_keys()

    def action_next_topic(self) -> None:
        """Open the next topic in guide order (search hits or not)."""
        self.go_to(self.session.guide.next_topic)

    def action_previous_hit(self) -> None:
        """The previous search hit."""
        self.query_one(TopicView).next_hit(-1)

    def action_back(self) -> None:
        """Close the sidebar covering the topic, or go back to the Smart Guide."""
        if self.narrow and self.has_class("-sidebar-open"):
            self.action_toggle_sidebar()
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
        self.go_to(self.session.guide.previous_topic)

    def go_to(self, step: Callable[[Topic], Topic | None]) -> None:
        """Open the topic `step` gives from the open one (or from the one the last key
        asked for, if it has not opened yet)."""
        current = self.heading or self.topic
        if current is not None and (topic := step(current)):
            self.heading = topic
            self.post_message(OpenTopic(topic))

    def action_toggle_complete(self) -> None:
        """Mark the open topic complete, or incomplete if it already is."""
        if self.topic is not None:
            complete = self.session.toggle_complete(self.topic)
            if complete:
                self.say_if_chapter_done(self.topic)
            self.refresh_keys()

    def action_complete(self) -> None:
        """Mark the open topic complete."""
        self.action_toggle_complete()

    def action_incomplete(self) -> None:
        """Mark the open topic incomplete."""
        self.action_toggle_complete()

    def action_complete_and_next(self) -> None:
        """Mark the open topic complete and go on to the next one."""
        if self.topic is None:
            return
        if not self.session.progress.is_complete(self.topic.id):
            self.session.set_complete(self.topic, True)
            self.say_if_chapter_done(self.topic)
        self.action_next_topic()

    def say_if_chapter_done(self, topic: Topic) -> None:
        """Tell the student when the topic just completed finished its chapter."""
        chapter = topic.chapter
        progress = self.session.progress
        if all(progress.is_complete(other.id) for other in chapter.topics):
            self.notify(
                f"Chapter complete: {chapter_label(chapter)} ✔ (x: exam practice on it)",
                title="Well done",
                markup=False,
            )

    def action_overview(self) -> None:
        """Back to the Smart Guide overview."""
        self.post_message(ShowOverview())

    def action_toggle_sidebar(self) -> None:
        """Hide or show the course tree (over the topic, in a narrow terminal)."""
        tree = self.query_one(CourseTree)
        if self.narrow:
            self.toggle_class("-sidebar-open")
            shown = self.has_class("-sidebar-open")
        else:
            self.toggle_class("-sidebar-hidden")
            shown = not self.has_class("-sidebar-hidden")
        if shown:
            tree.focus()
        else:
            self.query_one(TopicView).focus()

    def action_tab(self) -> None:
        """Move between the sidebar and the topic, opening the sidebar if it is hidden (in a
        narrow terminal, tab opens and closes the sidebar over the topic)."""
        tree = self.query_one(CourseTree)
        if self.narrow or self.has_class("-sidebar-hidden"):
            self.action_toggle_sidebar()
        elif self.focused is tree:
            self.query_one(TopicView).focus()
        else:
            tree.focus()

    def action_exam(self) -> None:
        """Exam practice on the open topic's chapter."""
        if self.topic is not None:
            self.post_message(OpenExam(self.topic.chapter))

    def action_case_studies(self) -> None:
        """The case studies, this chapter's first."""
        if self.topic is not None:
            self.post_message(OpenCaseStudies(self.topic.chapter))

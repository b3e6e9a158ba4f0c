"""The topic pane: breadcrumb, title, chapter progress, the notes, and Mark Complete."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from histtui.guide import Guide, Topic, split_figures
from histtui.progress import Progress
from histtui.widgets.course_tree import TICK


def render_body(body: str) -> RenderableType:
    """A topic's Markdown body, with each figure as a captioned box."""
    parts: list[RenderableType] = []
    for kind, text in split_figures(body):
        if kind == "figure":
            parts.append(
                Panel(
                    Text(text or "Figure", style="italic", justify="center"),
                    title="Figure",
                    title_align="left",
                    border_style="dim",
                    padding=(0, 1),
                )
            )
        else:
            parts.append(Markdown(text))
    return Group(*parts)


def percent(done: int, total: int) -> int:
    """Whole-number percentage, rounded down so that 100% means everything is done."""
    return done * 100 // total if total else 0


class TopicView(VerticalScroll):
    """A scrolling page showing one topic."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", show=False),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    def __init__(self, guide: Guide, progress: Progress, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.guide = guide
        self.progress = progress
        self.topic: Topic | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="breadcrumb")
        yield Static(id="topic-title")
        with Horizontal(id="chapter-progress"):
            yield Label(id="chapter-progress-label")
            yield ProgressBar(show_eta=False, show_percentage=False, id="chapter-progress-bar")
        yield Static(id="status")
        yield Static(id="topic-body")
        yield Static(id="topic-nav")

    def show(self, topic: Topic) -> None:
        """Show a topic from its top."""
        self.topic = topic
        chapter = topic.chapter
        self.query_one("#breadcrumb", Static).update(
            Text.assemble(
                chapter.unit.title, " › ", f"{chapter.number}. ", chapter.title, style="dim"
            )
        )
        self.query_one("#topic-title", Static).update(Text(topic.title))
        self.query_one("#topic-body", Static).update(render_body(topic.body))
        self.refresh_progress()
        self.scroll_home(animate=False)

    def refresh_progress(self) -> None:
        """Redraw what depends on progress: chapter progress, completion state, navigation."""
        topic = self.topic
        if topic is None:
            return
        chapter = topic.chapter
        done = self.progress.count_complete(item.id for item in chapter.topics)
        total = len(chapter.topics)
        self.query_one("#chapter-progress-label", Label).update(
            f"Chapter Progress  {percent(done, total)}% Complete"
        )
        self.query_one("#chapter-progress-bar", ProgressBar).update(total=total, progress=done)
        complete = self.progress.is_complete(topic.id)
        status = self.query_one("#status", Static)
        status.set_class(complete, "-complete")
        status.update(
            Text.assemble((f"{TICK} Completed", "bold"), "   c: Mark Incomplete")
            if complete
            else Text.assemble(("Mark Complete", "bold"), "   press c")
        )
        previous = self.guide.previous_topic(topic)
        following = self.guide.next_topic(topic)
        nav = Text()
        if previous is not None:
            nav.append("p ‹ Previous: ", style="bold")
            nav.append(previous.title)
            nav.append("\n")
        if following is not None:
            nav.append("n › Next: ", style="bold")
            nav.append(following.title)
            nav.append("\n")
        nav.append("o  Back to Smart Guide", style="bold")
        self.query_one("#topic-nav", Static).update(nav)

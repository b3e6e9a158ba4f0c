"""The topic pane: breadcrumb, title, chapter progress, the notes, and Mark Complete."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from histtui.guide import Guide, Topic, split_figures
from histtui.progress import Progress
from histtui.search import find
from histtui.widgets.course_tree import BOOKMARK, TICK


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


def render_lines(renderable: RenderableType, width: int) -> list[Text]:
    """A renderable laid out at `width` columns, as one Text per line."""
    console = Console(width=max(width, 10), no_color=False, legacy_windows=False)
    lines = console.render_lines(renderable, console.options.update_width(max(width, 10)))
    texts = []
    for line in lines:
        text = Text()
        for segment in line:
            text.append(segment.text, segment.style)
        texts.append(text)
    return texts


def highlight(lines: list[Text], words: list[str]) -> list[int]:
    """Mark every occurrence of `words` in `lines`; return the numbers of lines with a hit."""
    hit_lines = []
    for number, line in enumerate(lines):
        spans = find(line.plain, words)
        for start, end in spans:
            line.stylize(HIT_STYLE, start, end)
        if spans:
            hit_lines.append(number)
    return hit_lines


HIT_STYLE = "bold black on yellow"


class TopicView(VerticalScroll):
    """A scrolling page showing one topic, the student's note on it, and search hits."""

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
        self.words: list[str] = []
        self.hit_lines: list[int] = []
        self.hit_index = 0

    def compose(self) -> ComposeResult:
        yield Static(id="breadcrumb")
        yield Static(id="topic-title")
        with Horizontal(id="chapter-progress"):
            yield Label(id="chapter-progress-label")
            yield ProgressBar(show_eta=False, show_percentage=False, id="chapter-progress-bar")
        yield Static(id="status")
        yield Static(id="search-status")
        yield Static(id="topic-body")
        yield Static(id="topic-note")
        yield Static(id="topic-nav")

    def show(self, topic: Topic, words: list[str] | None = None) -> None:
        """Show a topic from its top, or, with search words, at its first hit."""
        self.topic = topic
        self.words = words or []
        chapter = topic.chapter
        self.query_one("#breadcrumb", Static).update(
            Text.assemble(
                chapter.unit.title, " › ", f"{chapter.number}. ", chapter.title, style="dim"
            )
        )
        self.query_one("#topic-title", Static).update(Text(topic.title))
        self.refresh_progress()
        self.refresh_note()
        self.scroll_home(animate=False)
        self.render_plain()
        if self.words:
            # Lay the hits out once the pane has its final width (scrollbar included).
            self.call_after_refresh(self.render_hits)

    @property
    def highlighting(self) -> bool:
        """Whether search hits are marked in the pane."""
        return bool(self.words)

    def render_plain(self) -> None:
        """The body as rich renders it, without search hits."""
        if self.topic is not None:
            self.query_one("#topic-body", Static).update(render_body(self.topic.body))
        self.hit_lines = []
        self.query_one("#search-status", Static).display = False

    def render_hits(self) -> None:
        """The body laid out at the pane's width with every search hit marked, at the first."""
        if self.topic is None or not self.words:
            return
        body = self.query_one("#topic-body", Static)
        lines = render_lines(render_body(self.topic.body), body.content_region.width)
        self.hit_lines = highlight(lines, self.words)
        body.update(Text("\n", no_wrap=True, overflow="crop").join(lines))
        self.refresh_note()
        self.hit_index = 0
        self.call_after_refresh(self.scroll_to_hit)

    def clear_hits(self) -> None:
        """Stop marking search hits."""
        self.words = []
        self.render_plain()
        self.refresh_note()

    def next_hit(self, step: int) -> None:
        """Move to the next (step 1) or previous (step -1) hit, wrapping round."""
        if self.hit_lines:
            self.hit_index = (self.hit_index + step) % len(self.hit_lines)
            self.scroll_to_hit()

    def scroll_to_hit(self) -> None:
        """Scroll so that the current hit is in view, a few lines from the top."""
        status = self.query_one("#search-status", Static)
        status.display = True
        words = " ".join(self.words)
        if not self.hit_lines:
            status.update(Text.assemble(f"“{words}”: only in your note", "   escape clears"))
            return
        status.update(
            Text.assemble(
                (f"Hit {self.hit_index + 1} of {len(self.hit_lines)}", "bold"),
                f"  “{words}”   n/N: next/previous   escape: clear",
            )
        )
        body = self.query_one("#topic-body", Static)
        line = self.hit_lines[self.hit_index]
        self.scroll_to(y=max(0, body.virtual_region.y + line - 3), animate=False)

    def on_resize(self) -> None:
        if self.highlighting:
            self.call_after_refresh(self.render_hits)

    def refresh_note(self) -> None:
        """Show the student's note under the body, marked as theirs."""
        note_widget = self.query_one("#topic-note", Static)
        note = self.progress.note(self.topic.id) if self.topic else ""
        note_widget.display = bool(note.strip())
        if note.strip():
            text = Text(note.strip())
            for start, end in find(text.plain, self.words):
                text.stylize(HIT_STYLE, start, end)
            note_widget.update(
                Panel(
                    text,
                    title="Your note",
                    title_align="left",
                    subtitle="e: edit",
                    subtitle_align="right",
                    border_style="green",
                )
            )

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
        state = (
            Text.assemble((f"{TICK} Completed", "bold"), "   c: Mark Incomplete")
            if complete
            else Text.assemble(("Mark Complete", "bold"), "   press c")
        )
        if self.progress.is_bookmarked(topic.id):
            state.append(f"   {BOOKMARK} Revise again", style="bold")
        status.update(state)
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

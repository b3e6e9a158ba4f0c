"""The topic pane: breadcrumb, title, chapter progress, Mark Complete, the notes and links."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.panel import Panel
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, ProgressBar, Static

from histtui.guide import Guide, Topic
from histtui.progress import Progress
from histtui.widgets.topic_page import Page, RenderedBody, TopicBody, nav_links, render_body
from histtui.wording import BOOKMARK, TICK, chapter_label, percent

HIT_STYLE = "bold #000000 on #FFFF55"
"""How search hits are marked, in the pane and in search results (Rich text and Textual
Content both parse it: Content knows no "bright_yellow"). Hex colours that are 16-colour
ANSI colours, so a 16-colour terminal shows bright yellow, readable under black text."""

CURRENT_HIT_STYLE = "bold #000000 on #55FF55 underline"
"""How the hit that n / N moved to is marked, unlike the others."""


Hit = tuple[int, int, int]
"""A search hit in the body: line number, start and end offsets in that line."""


def highlight(lines: list[Text], words: list[str]) -> list[Hit]:
    """Mark every occurrence of `words` in `lines`; return every hit, one per occurrence."""
    from histtui.search import find  # imported with the first search, not at start

    hits = []
    for number, line in enumerate(lines):
        for start, end in find(line.plain, words):
            line.stylize(HIT_STYLE, start, end)
            hits.append((number, start, end))
    return hits


class KeyButton(Static):
    """A line that looks like a button and does, when clicked, what its key does."""

    def __init__(self, action: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.action = action

    async def on_click(self) -> None:
        await self.run_action(self.action)


def update(static: Static, content: Text | str) -> None:
    """Give a Static new content, unless it shows that already: each update costs a layout."""
    if static.content != content:
        static.update(content)


def where_line(chapter: str, count: str, width: int) -> Text:
    """The chapter, then "topic n/N" and its progress; the chapter's name gives way (ending
    in "…") so that the numbers stay whole in `width` columns (0: not laid out yet)."""
    label = Text(chapter, "bold")
    room = width - len(count)
    if width and label.cell_len > room:
        label.truncate(max(room, 2), overflow="ellipsis")
    return Text.assemble(label, count)


class TopicView(VerticalScroll):
    """A scrolling page showing one topic, the student's note on it, and search hits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "page_down", "Page down", show=False),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    PREPARED = 3
    """How many topics' bodies to keep rendered: the open one and its neighbours."""

    def __init__(self, guide: Guide, progress: Progress, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.guide = guide
        self.progress = progress
        self.topic: Topic | None = None
        self._pages: dict[str, Page] = {}
        self.words: list[str] = []
        self.hits: list[Hit] = []
        self.hit_index = 0
        self.hit_text: list[Text] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="sticky"):
            yield Static(id="where")
            yield Static(id="search-status")
        yield Static(id="breadcrumb")
        yield Static(id="topic-title")
        with Horizontal(id="chapter-progress"):
            yield Label(id="chapter-progress-label")
            yield ProgressBar(show_eta=False, show_percentage=False, id="chapter-progress-bar")
        yield KeyButton("screen.toggle_complete", id="status")
        yield TopicBody(id="topic-body")
        yield Static(id="topic-note")
        yield TopicBody(id="topic-nav")

    def show(self, topic: Topic, words: list[str] | None = None) -> None:
        """Show a topic from its top, or, with search words, at its first hit."""
        self.topic = topic
        self.words = words or []
        self.hits = []
        self.query_one("#search-status", Static).display = False
        chapter = topic.chapter
        update(
            self.query_one("#breadcrumb", Static),
            Text.assemble(chapter.unit.title, " › ", chapter_label(chapter), style="dim"),
        )
        update(self.query_one("#topic-title", Static), Text(topic.title))
        page = self.page(topic)
        self.query_one("#topic-body", TopicBody).update(page.body)
        self.query_one("#topic-nav", TopicBody).update(page.nav)
        self.refresh_progress()
        self.refresh_note()
        self.scroll_home(animate=False, immediate=True)  # in the frame that draws it
        if self.words:
            # Mark the hits once the pane has its final width (scrollbar included).
            self.call_after_refresh(self.render_hits)
        # Once this topic is on screen, get the next one ready while the student reads.
        self.call_after_refresh(self.prepare_next, topic)

    @property
    def highlighting(self) -> bool:
        """Whether search hits are marked in the pane."""
        return bool(self.words)

    def render_hits(self) -> None:
        """Mark every search hit in the body, and scroll to the first."""
        if self.topic is None or not self.words:
            return
        body_widget = self.query_one("#topic-body", TopicBody)
        width = body_widget.content_size.width
        lines = []
        for strip in self.body(self.topic).lines(body_widget, width):
            line = Text()
            for segment in strip:
                line.append(segment.text, segment.style)
            lines.append(line)
        self.hits = highlight(lines, self.words)
        self.hit_text = lines
        self.hit_index = 0
        self.refresh_note()
        self.call_after_refresh(self.scroll_to_hit)

    def clear_hits(self) -> None:
        """Stop marking search hits."""
        self.words = []
        self.hits = []
        self.hit_text = []
        self.query_one("#search-status", Static).display = False
        if self.topic is not None:
            self.query_one("#topic-body", TopicBody).update(self.body(self.topic))
        self.refresh_note()

    def next_hit(self, step: int) -> None:
        """Move to the next (step 1) or previous (step -1) hit, wrapping round."""
        if self.hits:
            self.hit_index = (self.hit_index + step) % len(self.hits)
            self.scroll_to_hit()

    def scroll_to_hit(self) -> None:
        """Scroll so that the current hit is in view, a few lines from the top."""
        status = self.query_one("#search-status", Static)
        status.display = True
        words = " ".join(self.words)
        self.mark_current_hit()
        if not self.hits:
            status.update(Text.assemble(f"“{words}”: only in your note", "   escape: clear"))
            return
        status.update(
            Text.assemble(
                (f"Hit {self.hit_index + 1} of {len(self.hits)}", "bold"),
                f"  “{words}”   n/N: next/previous   escape: clear",
            )
        )
        body = self.query_one("#topic-body", TopicBody)
        line = self.hits[self.hit_index][0]
        self.scroll_to(y=max(0, body.virtual_region.y + line - 3), animate=False)

    def mark_current_hit(self) -> None:
        """Show the body with every hit marked, the current one unlike the others."""
        lines = [line.copy() for line in self.hit_text]
        if self.hits:
            number, start, end = self.hits[self.hit_index]
            lines[number].stylize(CURRENT_HIT_STYLE, start, end)
        # The marked lines are laid out already: shown as they are, never wrapped again.
        body = self.query_one("#topic-body", TopicBody)
        body.update(RenderedBody(Text("\n", no_wrap=True, overflow="crop").join(lines)))

    def on_resize(self) -> None:
        if self.highlighting:
            self.call_after_refresh(self.render_hits)
        if self.topic is not None:
            self.call_after_refresh(self.refresh_progress)

    def refresh_note(self) -> None:
        """Show the student's note under the body, marked as theirs."""
        note_widget = self.query_one("#topic-note", Static)
        note = self.progress.note(self.topic.id).strip() if self.topic else ""
        note_widget.display = bool(note)
        if note:
            body: RenderableType
            if self.words:
                # While search hits are marked: the note's text, hits and all.
                text = Text(note)
                highlight([text], self.words)
                body = text
            else:
                from histtui.widgets.notes_markdown import render_markdown

                body = render_markdown(note)
            note_widget.update(
                Panel(
                    body,
                    title="Your note",
                    title_align="left",
                    subtitle="e: edit",
                    subtitle_align="right",
                    border_style="green",
                )
            )

    def body(self, topic: Topic) -> RenderedBody:
        """The topic's rendered body, kept for the open topic and its neighbours."""
        return self.page(topic).body

    def page(self, topic: Topic) -> Page:
        """The topic's rendered body and links, kept for the open topic and its neighbours."""
        page = self._pages.pop(topic.id, None) or Page(
            RenderedBody(render_body(topic.body)),
            RenderedBody(nav_links(self.guide.previous_topic(topic), self.guide.next_topic(topic))),
        )
        self._pages[topic.id] = page
        while len(self._pages) > self.PREPARED:
            del self._pages[next(iter(self._pages))]
        return page

    def prepare_next(self, topic: Topic) -> None:
        """Parse and render the topic after `topic` now, so that `n` only has to paint it."""
        following = self.guide.next_topic(topic)
        body_widget = self.query_one("#topic-body", TopicBody)
        nav_widget = self.query_one("#topic-nav", TopicBody)
        width = body_widget.content_size.width
        if following is None or self.topic is not topic or not width:
            return
        page = self.page(following)
        page.body.lines(body_widget, width)
        page.nav.lines(nav_widget, nav_widget.content_size.width)
        self.page(topic)  # the open topic stays the most recently used

    def refresh_progress(self) -> None:
        """Redraw what depends on progress: chapter progress, completion state, navigation."""
        topic = self.topic
        if topic is None:
            return
        chapter = topic.chapter
        done = self.progress.count_complete(item.id for item in chapter.topics)
        total = len(chapter.topics)
        update(
            self.query_one("#chapter-progress-label", Label),
            f"Chapter Progress  {percent(done, total)}% Complete",
        )
        number = chapter.topics.index(topic) + 1
        where = self.query_one("#where", Static)
        update(
            where,
            where_line(
                chapter_label(chapter),
                f" · topic {number}/{total} · chapter {percent(done, total)}% done",
                where.content_size.width,
            ),
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
        update(status, state)

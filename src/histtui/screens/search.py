"""The search screen: results as the student types, best first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenCaseStudy, OpenTopic
from histtui.search import Found, Result, SourceResult, query_words
from histtui.widgets.footer import KeyBar
from histtui.widgets.topic_view import HIT_STYLE
from histtui.wording import chapter_label


def result_prompt(result: Result) -> Content:
    """A result's row: title and chapter, then the snippet with the hits marked."""
    topic = result.topic
    snippet = Content.styled(result.snippet, "dim")
    for start, end in result.spans:
        snippet = snippet.stylize(HIT_STYLE, start, end)
    return Content.assemble(
        (topic.title, "bold"),
        ("   " + chapter_label(topic.chapter), "dim"),
        "\n",
        ("Your note: ", "italic") if result.in_note else "",
        snippet,
    )


def source_prompt(result: SourceResult) -> Content:
    """A source's row: "Case study: title, Source B" and its chapter, then the snippet."""
    snippet = Content.styled(result.snippet, "dim")
    for start, end in result.spans:
        snippet = snippet.stylize(HIT_STYLE, start, end)
    case_study = result.case_study
    return Content.assemble(
        (f"Case study: {case_study.title}, Source {result.letter}", "bold"),
        ("   " + chapter_label(case_study.chapter), "dim"),
        "\n",
        snippet,
    )


def count_line(searching: bool, topics: int, sources: int) -> str:
    """ "3 topics", "3 topics, 1 case-study source", or what matches when no topic does."""
    if not searching:
        return ""
    found = f"{sources} case-study {'source' if sources == 1 else 'sources'}"
    if not topics and not sources:
        return "No topic holds all of those words"
    if not topics:
        return f"No topic holds all of those words; {found} {'does' if sources == 1 else 'do'}"
    line = f"{topics:,} {'topic' if topics == 1 else 'topics'}"
    return f"{line}, {found}" if sources else line


def more_prompt(more: int) -> Text:
    """The line under a list cut short: how many more topics match."""
    return Text(f"{more:,} more — keep typing to narrow the search", style="dim italic")


class SearchScreen(StudyScreen[None]):
    """Type to search every topic and your notes; enter opens the topic at the first hit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back"),
        Binding("down", "to_results", "Results", show=False),
    ]
    AUTO_FOCUS = "#search-input"

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.results: list[Result] = []
        self.source_results: list[SourceResult] = []
        self.found: dict[tuple[tuple[str, ...], int], Found] = {}
        """What each query typed since the screen opened found (notes cannot change here)."""
        self.last: Found | None = None
        self.rows: dict[int, tuple[Result, Option]] = {}
        """The row shown for each result of `found` (by id: results are not hashable)."""

    def compose(self) -> ComposeResult:
        yield Input(
            self.query_text,
            placeholder="Search topics and your notes",
            select_on_focus=False,
            id="search-input",
        )
        yield Static(id="search-count")
        yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        if query_words(self.query_text):
            self.run_search(self.query_text)
        else:
            # Fold the guide once the screen is painted, before the student's first key.
            self.call_after_refresh(self.session.search_index.prepare)

    @property
    def limit(self) -> int:
        """How many results to list: those that fit (two lines each), and five more."""
        return max(10, self.app.size.height // 2 + 5)

    @on(Input.Changed, "#search-input")
    def typed(self, event: Input.Changed) -> None:
        """Search again at every keystroke."""
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        """Show the results for `query`."""
        self.query_text = query
        words = tuple(query_words(query))
        limit = self.limit
        found = self.found.get((words, limit))
        if found is None:
            found = self.session.search_index.lookup(query, limit, self.last)
            if len(self.found) >= 64:
                self.found.clear()
                self.rows.clear()
            self.found[words, limit] = found
        self.last = found
        self.results = found.results
        rows = [self.result_option(result) for result in self.results]
        if found.total > len(self.results):
            rows.append(Option(more_prompt(found.total - len(self.results)), disabled=True))
        self.source_results = self.session.search_index.sources(query)
        rows.extend(
            Option(source_prompt(result), id=f"source:{index}")
            for index, result in enumerate(self.source_results)
        )
        options = self.query_one("#search-results", OptionList)
        # One change to the list, not a clear and three additions (each measured the rows).
        if rows:
            options.set_options(rows)
        else:
            options.clear_options()
        count, sources = found.total, len(self.source_results)
        self.query_one("#search-count", Static).update(count_line(bool(words), count, sources))
        if count or sources:
            options.highlighted = 0

    def result_option(self, result: Result) -> Option:
        """A result's row; the same row for the same result (a query deleted back to shows
        the results it found before), which keeps what the row measured of itself."""
        key = id(result)
        kept = self.rows.get(key)
        if kept is not None and kept[0] is result:
            return kept[1]
        option = Option(result_prompt(result), id=result.topic.id)
        self.rows[key] = (result, option)
        return option

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        """Enter in the search box opens the best result."""
        if self.results:
            self.open(self.results[0])
        elif self.source_results:
            self.open_source(self.source_results[0])

    @on(OptionList.OptionSelected, "#search-results")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a result opens it."""
        option_id = event.option.id or ""
        if option_id.startswith("source:"):
            self.open_source(self.source_results[int(option_id.removeprefix("source:"))])
        else:
            self.open(self.results[event.option_index])

    def open_source(self, result: SourceResult) -> None:
        """Open a source's case study, showing that source."""
        self.dismiss()
        self.app.post_message(OpenCaseStudy(result.case_study, result.letter))

    def open(self, result: Result) -> None:
        """Open a result's topic with the search words marked."""
        words = query_words(self.query_text)
        self.dismiss()
        self.app.post_message(OpenTopic(result.topic, words))

    def on_key(self, event: events.Key) -> None:
        """Letters typed while the box is not focused (on the results, or before the screen
        has focused it) go into the search box, so that nothing typed is lost."""
        search_box = self.query_one("#search-input", Input)
        if event.is_printable and event.character and self.focused is not search_box:
            event.stop()
            event.prevent_default()
            search_box.focus()
            search_box.insert_text_at_cursor(event.character)

    def action_to_results(self) -> None:
        """Move from the search box to the results."""
        if self.results or self.source_results:
            self.query_one("#search-results", OptionList).focus()

    def action_leave(self) -> None:
        """Back to where the student was."""
        self.dismiss()

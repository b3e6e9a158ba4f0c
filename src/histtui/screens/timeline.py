"""The timeline: every dated event, grouped by year, filtered as the student types."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from histtui.guide import Chapter, Topic
from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenCaseStudy, OpenTopic
from histtui.screens.timeline_quiz import TimelineQuizScreen
from histtui.search import query_words
from histtui.timeline import Entry, Quiz, Timeline, by_year
from histtui.widgets.footer import KeyBar
from histtui.widgets.timeline_rows import DATE_WIDTH, GAP, INDENT, EventRows
from histtui.wording import chapter_label, plural


class TimelineScreen(StudyScreen[None]):
    """Every dated event of the guide in date order, grouped by year, with its chapter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+f", "toggle_chapter", "This chapter", id="timeline.chapter"),
        Binding("ctrl+z", "quiz", "Quiz", id="timeline.quiz"),
        Binding("down", "to_list", "To the events", show=False),
        Binding("ctrl+o", "case_study", "Case study", show=False),
    ]

    OWN_KEYS = frozenset({"question_mark"})
    """Printable keys that stay keys on the list; any other character goes to the filter, so
    that a student typing "five" or "zinoviev" gets every letter in the box (the commands
    are on ctrl keys, which cannot be text)."""

    AUTO_FOCUS = "#timeline-events"

    def __init__(
        self,
        chapter: Chapter | None = None,
        start_at: Topic | None = None,
    ) -> None:
        super().__init__()
        self.chapter = chapter
        self.start_at = start_at
        self.only_chapter = False
        self.shown: list[Entry] = []
        self.notice: str | None = None
        self.rows: EventRows | None = None
        self.drawn: tuple[list[int], list[str], int] | None = None

    @property
    def timeline(self) -> Timeline:
        """The guide's events in date order."""
        return Timeline.of(self.session.guide)

    def compose(self) -> ComposeResult:
        with Vertical(id="timeline"):
            yield Static("Timeline", id="timeline-title")
            yield Input(
                placeholder="Type to filter: words from an event, its topic or chapter",
                select_on_focus=False,
                id="timeline-filter",
            )
            yield Static(id="timeline-status")
            yield OptionList(id="timeline-events")
            yield Static(id="timeline-topic")
        yield KeyBar()

    def on_mount(self) -> None:
        # ctrl+f is remembered (for this run of histtui) from one opening to the next.
        self.only_chapter = self.chapter is not None and bool(
            getattr(self.app, "timeline_only_chapter", False)
        )
        self.call_after_refresh(self.first_draw)

    def first_draw(self) -> None:
        """Draw the events once the list has its width; start at the open topic's event,
        in the middle of the list (not as its last visible row)."""
        self.refresh_events()
        if self.start_at is not None:
            for entry in self.shown:
                if entry.topic is self.start_at:
                    self.highlight(entry)
                    self.call_after_refresh(self.centre)
                    break

    def centre(self) -> None:
        """Scroll the list so that the highlighted event is in its middle."""
        events_list = self.events_list
        events_list.scroll_to_highlight(top=True)
        events_list.scroll_relative(y=-(events_list.size.height // 2), animate=False)

    @property
    def events_list(self) -> OptionList:
        """The list of years and events."""
        return self.query_one("#timeline-events", OptionList)

    @property
    def filter_input(self) -> Input:
        """The filter box."""
        return self.query_one("#timeline-filter", Input)

    @property
    def highlighted(self) -> Entry | None:
        """The event under the cursor, if any."""
        options = self.events_list
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return self.entry_of(option_id)

    def entry_of(self, option_id: str | None) -> Entry | None:
        """The event behind an option id ("e12")."""
        if option_id is None or not option_id.startswith("e"):
            return None
        return self.timeline.entries[int(option_id[1:])]

    def highlight(self, entry: Entry) -> None:
        """Put the cursor on an event shown in the list."""
        try:
            self.events_list.highlighted = self.events_list.get_option_index(f"e{entry.index}")
        except OptionDoesNotExist:
            return

    def refresh_events(self) -> None:
        """Filter the events again and redraw the list, keeping the cursor's event if shown."""
        keep = self.highlighted
        query = self.filter_input.value
        chapter = self.chapter if self.only_chapter else None
        shown = self.timeline.filter(query, chapter)
        words = query_words(query)
        rows = self.rows = self.event_rows()
        drawn = ([entry.index for entry in shown], words, rows.width)
        if drawn == self.drawn:
            self.refresh_status()
            return
        self.shown, self.drawn = shown, drawn
        options: list[Option] = []
        for number, (year, entries) in enumerate(by_year(shown)):
            options.append(Option(Content(f"\n{year}" if number else str(year)), disabled=True))
            options.extend(
                Option(rows.row(entry, words), id=f"e{entry.index}") for entry in entries
            )
        events_list = self.events_list
        events_list.set_options(options)
        if keep is not None and keep in shown:
            self.highlight(keep)
        elif shown:
            events_list.highlighted = 1
        self.refresh_status()

    def event_rows(self) -> EventRows:
        """Rows laid out to the list's width (built again when the width changes)."""
        events_list = self.events_list
        styles = events_list.styles
        padding = events_list.get_component_styles("option-list--option").padding
        # Leave room for the scrollbar even when it is not shown, so that its coming and
        # going does not lay every row out again, and a cell before it.
        width = events_list.size.width - styles.gutter.width - styles.scrollbar_size_vertical
        width = max(40, width - padding.width - 1)
        if self.rows is not None and self.rows.width == width:
            return self.rows
        # The chapter takes a third of what the date leaves, the event's text the rest.
        longest = max(cell_len(chapter_label(c)) for c in self.session.guide.chapters)
        room = width - INDENT - DATE_WIDTH - 2 * GAP
        return EventRows(width, min(longest, max(10, room // 3)))

    def refresh_status(self) -> None:
        """Say how many events are shown and from where, or the latest notice."""
        status = self.query_one("#timeline-status", Static)
        count = len(self.shown)
        events = plural(count, "event")
        query = self.filter_input.value.strip()
        matching = f" matching “{query}”" if query else ""
        if self.notice:
            status.update(Content(self.notice))
        elif self.only_chapter and self.chapter is not None:
            label = chapter_label(self.chapter)
            if count or query:
                text = f"Only {label}: {events}{matching} · ctrl+f shows all chapters"
            else:
                text = f"No dated events in {label} · ctrl+f shows all chapters"
            status.update(Content(text))
        else:
            also = f" · ctrl+f shows only {chapter_label(self.chapter)}" if self.chapter else ""
            status.update(Content(f"All chapters: {events}{matching}{also}"))
        self.refresh_topic_line()

    def refresh_topic_line(self) -> None:
        """Name the topic that enter opens."""
        entry = self.highlighted
        line = self.query_one("#timeline-topic", Static)
        if entry is None:
            line.update("")
        else:
            line.update(Content.assemble(("enter opens ", "dim"), (entry.topic.title, "bold")))

    def say(self, notice: str | None) -> None:
        """Show a notice in the status line until the list next changes."""
        self.notice = notice
        self.refresh_status()

    @on(Input.Changed, "#timeline-filter")
    def filter_changed(self) -> None:
        """Filter the list as the student types."""
        self.notice = None
        self.refresh_events()

    @on(Input.Submitted, "#timeline-filter")
    def filter_submitted(self) -> None:
        """Enter in the filter box goes to the events."""
        self.events_list.focus()

    @on(OptionList.OptionHighlighted, "#timeline-events")
    def event_highlighted(self) -> None:
        """Keep the line naming the event's topic up to date."""
        self.refresh_topic_line()

    @on(OptionList.OptionSelected, "#timeline-events")
    def open_event(self, event: OptionList.OptionSelected) -> None:
        """Open the topic of the chosen event in the reader."""
        entry = self.entry_of(event.option.id)
        if entry is not None:
            self.dismiss()
            self.post_message(OpenTopic(entry.topic))

    def on_resize(self) -> None:
        """Lay the events out again if the list's width changed."""
        self.call_after_refresh(self.relayout)

    def relayout(self) -> None:
        """Redraw the events if they were laid out for another width."""
        if self.rows is not None and self.event_rows() is not self.rows:
            self.refresh_events()

    def on_key(self, event: events.Key) -> None:
        """Typing on the list goes to the filter box."""
        if (
            self.focused is self.events_list
            and event.is_printable
            and event.character
            and not event.character.isspace()
            and event.key not in self.OWN_KEYS
        ):
            event.stop()
            event.prevent_default()
            box = self.filter_input
            box.focus()
            box.cursor_position = len(box.value)
            box.insert_text_at_cursor(event.character)

    def action_back(self) -> None:
        """From the filter box, back to the events; from the events, back where the student was."""
        if self.focused is self.filter_input:
            self.events_list.focus()
        else:
            self.dismiss()

    def action_to_list(self) -> None:
        """Down from the filter box goes to the events."""
        self.events_list.focus()

    def action_toggle_chapter(self) -> None:
        """Show only the chapter being read, or every chapter again."""
        if self.chapter is None:
            self.say("Open a topic first to limit to its chapter")
            return
        self.only_chapter = not self.only_chapter
        setattr(self.app, "timeline_only_chapter", self.only_chapter)  # noqa: B010 (HistTUI's)
        self.notice = None
        self.refresh_events()

    def action_quiz(self) -> None:
        """Ask which of two or three of the events shown came first."""
        quiz = Quiz(self.shown, self.session.rng)
        if quiz.next_question() is None:
            self.say("Not enough events here for a quiz: it needs two from different months")
            return
        where = chapter_label(self.chapter) if self.only_chapter and self.chapter else ""
        query = self.filter_input.value.strip()
        self.app.push_screen(TimelineQuizScreen(quiz, where, query), self.quiz_over)

    def quiz_over(self, quiz: Quiz | None) -> None:
        """Say the final score of the quiz just ended."""
        if quiz is None or not quiz.asked:
            self.say("Quiz over: no questions answered")
        else:
            self.say(f"Quiz over: final score {quiz.right}/{quiz.asked}")

    def action_case_study(self) -> None:
        """Open the case study with a source from the time of the highlighted event."""
        from histtui.casework import source_of_event

        entry = self.highlighted
        if entry is None:
            return
        found = source_of_event(self.session.guide, entry.event, entry.chapter)
        if found is None:
            self.say(f"No case-study source dates from {entry.date}")
            return
        self.post_message(OpenCaseStudy(*found))

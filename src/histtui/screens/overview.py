"""The Smart Guide overview: progress for the whole guide, and each unit's chapters."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from histtui.guide import Chapter, Topic
from histtui.plan import ExamPlan, exam_plan
from histtui.scheduling import DueCounts
from histtui.screens.base import StudyScreen
from histtui.screens.messages import OpenCaseStudies, OpenExam, OpenTopic
from histtui.session import Change
from histtui.stats import activity, heatmap, streaks, weakest_chapter
from histtui.widgets.chapter_row import ChapterRow
from histtui.widgets.footer import KeyBar
from histtui.widgets.guide_header import GuideHeader
from histtui.widgets.key_list import KeyList
from histtui.wording import BOOKMARK, percent, plural

WIDE = 120
"""From this many columns the Smart Guide shows its side panel beside the chapters."""


def side_panel() -> Vertical:
    """The Smart Guide's side panel, from WIDE columns: progress, plan, cards, heatmap.

    Its pictures' modules are imported with it: most school terminals are never so wide.
    """
    from histtui.widgets.picture import Picture

    return Vertical(
        Static(id="side-progress"),
        Static(id="side-plan"),
        Static(id="side-due"),
        Picture(id="side-heatmap"),
        id="guide-side",
    )


def side_due_text(counts: DueCounts) -> Text:
    """The side panel's flashcards: due now, a bar of them, and later today."""
    from histtui.widgets.charts import counts_text  # with the side panel, as Picture is

    return Text.assemble(
        ("Flashcards", "bold"),
        f"\n{plural(counts.now, 'card')} due now\n",
        counts_text(counts),
        f"\n{counts.later_today} more later today",
        ("\nr: review   N: new cards a day", "dim"),
    )


class OverviewScreen(StudyScreen[None]):
    """Where histtui opens: the guide's progress, "Continue", and every chapter."""

    AUTO_FOCUS = "#chapters"
    # Textual declares this `ClassVar[...] | None`, which mypy reads as an instance variable.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012
    """From 120 columns, progress, the plan and the cards due show beside the chapters."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "exam", "Exam practice", id="overview.exam"),
        Binding("R", "enrol_chapter", "Add chapter's cards", show=False, id="overview.enrol"),
        Binding("a", "case_studies", "Case studies", show=False, id="overview.case_studies"),
        Binding("N", "new_cards_per_day", "New cards a day", show=False, id="overview.new_cards"),
        Binding("E", "app.set_exam_date", "Exam date", show=False, id="overview.exam_date"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="overview"):
            yield GuideHeader(self.session.guide.title, id="guide-header")
            yield KeyList(id="chapters")
            yield Static(id="guide-plan")
            if self.has_class("-wide"):
                yield side_panel()
        yield KeyBar()

    def __init__(self) -> None:
        # The breakpoint's class from the start, chosen as Screen._on_resize chooses it:
        # Textual sets it at the first resize, and a class that changes then restyles every
        # widget of the screen once more.
        width = self.app.size.width
        breakpoints = sorted(self.HORIZONTAL_BREAKPOINTS or [], reverse=True)
        super().__init__(
            classes=next((name for least, name in breakpoints if width >= least), None)
        )
        self.side_stale = True
        """Whether the side panel (shown from WIDE columns) needs drawing when it shows."""
        self.stale = False
        """Whether the record changed while another screen showed."""
        self.resumed = False
        """Whether the overview has shown before (it is filled in on mount)."""

    def on_mount(self) -> None:
        self.call_after_refresh(self.ask_exam_date_once)
        self.refresh_progress()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_progress())
        self.watch_progress(self.progress_changed)

    def ask_exam_date_once(self) -> None:
        """The first time histtui opens on a progress file, ask when the exam is (E answers,
        now or later); the question is kept as "no date yet", so it is asked once."""
        if self.session.progress.exam_date is not None:
            return
        self.session.set_exam_date(None)
        self.notify(
            "When is your exam? Press E to give its date, and the Smart Guide will plan your "
            "topics to finish a week before it.",
            title="Your exam date",
            timeout=30,
            markup=False,
        )

    def progress_changed(self, change: Change) -> None:
        """Redraw the figures now if the overview shows, or when it shows next."""
        if self.is_current:
            self.refresh_progress()
        else:
            self.stale = True

    async def on_resize(self) -> None:
        if self.has_class("-wide") and not self.query("#guide-side"):
            await self.query_one("#overview").mount(side_panel())  # first time this wide
            self.side_stale = True
        if self.side_stale and self.side_shown():
            self.refresh_due()
            self.refresh_plan()  # draws the side panel now it shows

    def side_shown(self) -> bool:
        """Whether the side panel is there to draw (it is made the first time the terminal
        is WIDE columns wide: most school terminals never are)."""
        return self.has_class("-wide") and bool(self.query("#guide-side"))

    def on_screen_resume(self) -> None:
        if self.stale:
            self.refresh_progress()
        elif self.resumed:
            self.refresh_due()  # cards fall due as time passes
        self.resumed = True

    def refresh_progress(self) -> None:
        """Redraw every figure from the student's progress, keeping the highlighted row."""
        self.stale = False
        session = self.session
        guide, progress = session.guide, session.progress
        total = len(guide.topics)
        done = progress.count_complete(topic.id for topic in guide.topics)
        self.query_one(GuideHeader).show(done, total)
        self.refresh_due()
        options = self.query_one("#chapters", OptionList)
        highlighted_id = (
            options.get_option_at_index(options.highlighted).id
            if options.highlighted is not None
            else None
        )
        rows: list[Option] = []
        last = session.last_topic()
        if last:
            rows.append(
                Option(
                    Text.assemble(
                        ("Continue: ", "bold"), last.title, (f"  ({last.chapter.title})", "dim")
                    ),
                    id="continue",
                )
            )
        plan = self.refresh_plan()
        if plan.exam is not None and plan.today_topics:
            rows.append(Option(Text("Today", style="bold"), id="today", disabled=True))
            for topic in plan.today_topics:
                verb = "Revise: " if progress.is_complete(topic.id) else "Read: "
                rows.append(
                    Option(
                        Text.assemble(
                            "   ", (verb, "dim"), topic.title, (f"  ({topic.chapter.title})", "dim")
                        ),
                        id=f"today:{topic.id}",
                    )
                )
        bookmarked = [topic for topic in guide.topics if progress.is_bookmarked(topic.id)]
        if bookmarked:
            rows.append(
                Option(Text(f"{BOOKMARK} Revise again", style="bold"), id="revise", disabled=True)
            )
            for topic in bookmarked:
                rows.append(
                    Option(
                        Text.assemble("   ", topic.title, (f"  ({topic.chapter.title})", "dim")),
                        id=f"topic:{topic.id}",
                    )
                )
        for number, unit in enumerate(guide.units, start=1):
            unit_done = progress.count_complete(
                topic.id for chapter in unit.chapters for topic in chapter.topics
            )
            unit_total = sum(len(chapter.topics) for chapter in unit.chapters)
            rows.append(
                Option(
                    Text.assemble(
                        (f"Unit {number}: ", "bold"),
                        (unit.title, "bold"),
                        (f"   {unit_done}/{unit_total} Steps", "dim"),
                    ),
                    id=f"unit:{unit.id}",
                    disabled=True,
                )
            )
            for chapter in unit.chapters:
                rows.append(Option(self.chapter_row(chapter), id=f"chapter:{chapter.id}"))
        options.clear_options()
        options.add_options(rows)  # at once: each option added alone measured the list again
        try:
            highlighted = options.get_option_index(highlighted_id) if highlighted_id else 0
        except OptionDoesNotExist:
            highlighted = 0
        while options.get_option_at_index(highlighted).disabled:
            highlighted += 1
        options.highlighted = highlighted

    def refresh_plan(self) -> ExamPlan:
        """The plan to the exam date, under the chapters (or in the side panel)."""
        session = self.session
        guide, progress = session.guide, session.progress
        now = session.clock()
        setting = progress.exam_date
        plan = exam_plan(
            guide,
            progress,
            now.astimezone().date(),
            session.exam_date,
            setting.updated_at.astimezone().date() if setting else None,
            weakest_chapter(guide, session.reviewer, now),
        )
        self.query_one("#guide-plan", Static).update(Text(plan.summary()))
        if self.side_shown():
            self.refresh_side(plan)
        else:
            self.side_stale = True
        return plan

    def refresh_side(self, plan: ExamPlan) -> None:
        """The side panel, from WIDE columns: progress, the plan and a strip of the heatmap
        (the cards due are refresh_due's)."""
        from histtui.widgets.charts import heatmap_text, legend  # imported with the panel
        from histtui.widgets.picture import Picture

        self.side_stale = False
        guide, progress = self.session.guide, self.session.progress
        total = len(guide.topics)
        done = total - plan.topics_left
        finished = sum(
            1
            for chapter in guide.chapters
            if progress.count_complete(t.id for t in chapter.topics) == len(chapter.topics)
        )
        self.query_one("#side-progress", Static).update(
            Text.assemble(
                ("Progress", "bold"),
                f"\n{percent(done, total)}% of topics done · {done}/{total}",
                f"\n{finished} of {plural(len(guide.chapters), 'chapter')} finished",
            )
        )
        side_plan = Text.assemble(("Plan to the exam", "bold"), "\n", plan.summary())
        if plan.exam is not None and plan.today_topics:
            side_plan.append("\nToday: ", style="bold")
            side_plan.append("; ".join(topic.title for topic in plan.today_topics))
            side_plan.append(" (in the list: enter opens)", style="dim")
        self.query_one("#side-plan", Static).update(side_plan)
        figures = activity(guide, progress)
        today = plan.today
        current, longest = streaks((d for d, n in figures.items() if n), today)
        self.query_one("#side-heatmap", Picture).update(
            Text.assemble(
                ("Last 16 weeks", "bold"),
                f"   streak {plural(current, 'day')} (longest {longest})\n",
                heatmap_text(heatmap(figures, today), weeks=16, labels=False),
                "\n",
                legend(),
                ("\nS: statistics   E: exam date", "dim"),
            )
        )

    def refresh_due(self) -> None:
        """Say how many flashcards are due now and later today (session.due_counts)."""
        counts = self.session.due_counts()
        for side_due in self.query("#side-due").results(Static):
            side_due.update(side_due_text(counts))
        self.query_one(GuideHeader).show(
            under=Text.assemble(
                (f"{plural(counts.now, 'card')} due now", "bold" if counts.now else ""),
                f" · {counts.later_today} later today" if counts.later_today else "",
                "   r: review   /: search   ?: help",
            )
        )

    def action_new_cards_per_day(self) -> None:
        """Ask how many new flashcards may join the reviews each day."""
        from histtui.screens.ask import AskDialog  # opened on demand

        def check(value: str) -> str | None:
            return None if value.isdigit() and int(value) <= 9999 else "A whole number, please."

        def done(value: str | None) -> None:
            if value is not None:
                self.session.set_new_cards_per_day(int(value))
                self.notify(f"{plural(int(value), 'new card')} a day.", markup=False)

        self.app.push_screen(
            AskDialog(
                "New flashcards a day",
                str(self.session.new_cards_per_day),
                "How many new cards join your reviews each day (0 for none).",
                check,
            ),
            done,
        )

    def chapter_row(self, chapter: Chapter) -> ChapterRow:
        """A chapter's row: number, title, "N Topics", and its progress bar."""
        done = self.session.progress.count_complete(topic.id for topic in chapter.topics)
        return ChapterRow(
            chapter.number, chapter.title, len(chapter.topics), done, self.app.console
        )

    @on(OptionList.OptionSelected, "#chapters")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the last topic read, or a chapter at its first unfinished topic."""
        guide, progress = self.session.guide, self.session.progress
        option_id = event.option.id or ""
        topic: Topic | None
        if option_id == "continue":
            topic = self.session.last_topic()
        elif option_id.startswith("today:"):
            topic = guide.topic(option_id.removeprefix("today:"))
        elif option_id.startswith("topic:"):
            topic = guide.topic(option_id.removeprefix("topic:"))
        elif chapter := self.chapter_for(option_id):
            topic = next(
                (t for t in chapter.topics if not progress.is_complete(t.id)), chapter.topics[0]
            )
        else:
            return
        if topic is not None:
            self.post_message(OpenTopic(topic))

    def highlighted_chapter(self) -> Chapter | None:
        """The chapter whose row is highlighted, if it is a chapter row."""
        options = self.query_one("#chapters", OptionList)
        if options.highlighted is None:
            return None
        return self.chapter_for(options.get_option_at_index(options.highlighted).id or "")

    def chapter_for(self, option_id: str) -> Chapter | None:
        """The chapter a row of the list stands for, if it is a chapter's row."""
        if not option_id.startswith("chapter:"):
            return None
        chapter_id = option_id.removeprefix("chapter:")
        return next((c for c in self.session.guide.chapters if c.id == chapter_id), None)

    def action_enrol_chapter(self) -> None:
        """Put the highlighted chapter's flashcards into review now."""
        chapter = self.highlighted_chapter()
        if chapter is None:
            self.notify("Highlight a chapter first, then press R to add its cards.")
            return
        self.enrol_chapter(chapter)

    def action_exam(self) -> None:
        """Exam practice on the highlighted chapter (or Continue's chapter)."""
        options = self.query_one("#chapters", OptionList)
        chapter = self.highlighted_chapter()
        on_continue = (
            options.highlighted is not None
            and options.get_option_at_index(options.highlighted).id == "continue"
        )
        if chapter is None and on_continue and (topic := self.session.last_topic()):
            chapter = topic.chapter
        if chapter is not None:
            self.post_message(OpenExam(chapter))

    def action_case_studies(self) -> None:
        """The case studies, the highlighted chapter's first."""
        self.post_message(OpenCaseStudies(self.highlighted_chapter()))

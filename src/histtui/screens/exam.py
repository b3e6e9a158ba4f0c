"""Exam practice: a chapter's exam questions, and an editor for the student's answer plan.

`x` opens ExamScreen on a chapter; enter on a question opens PlanScreen, where the student
writes a plan (saved like a note, keyed by question_key), optionally against a countdown,
and then compares it with the model answer plan side by side.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from histtui.guide import Chapter, Question, question_key
from histtui.practice import kind_label, next_timer, timer_label
from histtui.screens.base import StudyScreen
from histtui.session import Change
from histtui.widgets.countdown import CountdownLabel
from histtui.widgets.footer import KeyBar
from histtui.widgets.key_list import KeyList
from histtui.widgets.notes_markdown import render_markdown
from histtui.wording import chapter_label

PLACEHOLDER = (
    "Plan your answer: your line of argument, the point and evidence of each paragraph, "
    "and your judgement."
)


def chapter_heading(chapter: Chapter) -> Text:
    """ "Exam practice · 1. Making the Peace"."""
    return Text.assemble(("Exam practice", "bold"), " · ", Text(chapter_label(chapter)))


def question_row(number: int, question: Question, saved: bool) -> RenderableType:
    """A question's row: its number and kind, "Plan saved", the source if any, the prompt."""
    head = Table.grid(expand=True, padding=(0, 1))
    head.add_column(ratio=1)
    head.add_column(justify="right", no_wrap=True)
    head.add_row(
        Text(kind_label(question), style="bold"),
        Text("✔ Plan saved", style="histtui.done") if saved else Text(""),
    )
    parts: list[RenderableType] = [head]
    if question.source:
        parts.append(Text(question.source, style="italic"))
    parts.append(Text(question.prompt))
    row = Table.grid(expand=True, padding=(0, 1))
    row.add_column(width=3, justify="right")
    row.add_column(ratio=1)
    row.add_row(f"{number}.", Group(*parts))
    return row


class ExamScreen(StudyScreen[None]):
    """A chapter's exam questions: choose one to plan an answer, after setting a timer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("T,shift+t", "cycle_timer", "Timer"),
        Binding("escape", "back", "Back"),
    ]

    AUTO_FOCUS = "#questions"

    def __init__(self, chapter: Chapter) -> None:
        super().__init__()
        self.chapter = chapter
        self.minutes: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="exam"):
            yield Static(chapter_heading(self.chapter), id="exam-title")
            yield Static(id="exam-timer")
            options: list[Option | None] = []
            for index in range(len(self.chapter.questions)):
                if index:
                    options.append(None)
                options.append(Option(self.row(index), id=f"question-{index}"))
            yield KeyList(*options, id="questions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_timer()
        self.watch_progress(self.progress_changed)

    def progress_changed(self, change: Change) -> None:
        """Say again which questions have a plan saved."""
        options = self.query_one("#questions", OptionList)
        for index in range(len(self.chapter.questions)):
            options.replace_option_prompt(f"question-{index}", self.row(index))

    def row(self, index: int) -> RenderableType:
        """The row of the chapter's question at `index`, with whether a plan is saved."""
        question = self.chapter.questions[index]
        plan = self.session.progress.plan(question_key(self.chapter.id, question.prompt))
        return question_row(index + 1, question, bool(plan.strip()))

    def show_timer(self) -> None:
        """Say which timer the next plan will be written against."""
        if self.minutes is None:
            hint = "   T: 10 or 30 minutes, counted down while you plan"
        else:
            hint = ", starts when you open a question   T: change"
        self.query_one("#exam-timer", Static).update(
            Text.assemble(("Timer: ", "bold"), timer_label(self.minutes), (hint, "dim"))
        )

    def action_cycle_timer(self) -> None:
        """Timer off → 10 minutes → 30 minutes → off."""
        self.minutes = next_timer(self.minutes)
        self.show_timer()

    @on(OptionList.OptionSelected, "#questions")
    def open_plan(self, event: OptionList.OptionSelected) -> None:
        """Enter on a question opens its plan, with the chosen timer running."""
        index = int((event.option.id or "").removeprefix("question-"))
        self.app.push_screen(PlanScreen(self.chapter, self.chapter.questions[index], self.minutes))

    def action_back(self) -> None:
        """Back to where `x` was pressed."""
        self.dismiss()


class PlanScreen(StudyScreen[None]):
    """The student's answer plan for one question, beside the model answer when revealed.

    The plan is saved on ctrl+s, when leaving, and when the app quits (the app calls
    `save_unsaved`), so that nothing typed is lost.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "toggle_model", "Model answer"),
        Binding("ctrl+t", "cycle_timer", "Timer"),
        Binding("escape", "back", "Back"),
    ]

    AUTO_FOCUS = "#plan-text"

    def __init__(self, chapter: Chapter, question: Question, minutes: int | None = None) -> None:
        super().__init__()
        self.chapter = chapter
        self.question = question
        self.key = question_key(chapter.id, question.prompt)
        self.minutes = minutes
        self.editor = TextArea(
            self.session.progress.plan(self.key), id="plan-text", placeholder=PLACEHOLDER
        )

    def compose(self) -> ComposeResult:
        with Horizontal(id="plan-header"):
            yield Static(
                Text.assemble(chapter_heading(self.chapter), " · ", kind_label(self.question)),
                id="plan-title",
            )
            yield CountdownLabel(self.session.monotonic, id="plan-timer")
        if self.question.source:
            # A long source scrolls, so that the prompt below it always shows.
            with VerticalScroll(id="plan-source-scroll"):
                yield Static(Text(self.question.source, style="italic"), id="plan-source")
        yield Static(Text(self.question.prompt, style="bold"), id="plan-prompt")
        with Horizontal(id="plan-panes"):
            yield self.editor
            with VerticalScroll(id="model"):
                yield Static(render_markdown(self.question.answer), id="model-answer")
        yield KeyBar()

    def on_mount(self) -> None:
        self.editor.border_title = "Your plan"
        model = self.query_one("#model", VerticalScroll)
        model.border_title = "Model answer plan"
        model.display = False
        self.editor.move_cursor(self.editor.document.end)
        self.query_one(CountdownLabel).start(self.minutes)

    def on_unmount(self) -> None:
        self.save_plan()

    def save_plan(self) -> bool:
        """Save the plan if it differs from what is saved; whether it did."""
        return self.session.save_plan(self.key, self.editor.text)

    def save_unsaved(self) -> bool:
        """Save what is typed, before the app quits; whether anything was unsaved."""
        return self.save_plan()

    @on(CountdownLabel.TimesUp)
    def times_up(self) -> None:
        """Say that time is up, and what to do now."""
        self.notify(
            "Finish your sentence, then compare your plan with the model answer (ctrl+r).",
            title="Time's up",
            severity="warning",
        )

    def action_save(self) -> None:
        """Save the plan once the editor has taken in every key sent before ctrl+s."""
        self.editor.call_later(self.save_now)

    def save_now(self) -> None:
        """Save the plan now, and say so once it is on disk."""
        if self.save_plan():
            self.notify(
                "Plan saved" if self.session.saved else "Plan kept, not saved yet", timeout=2
            )

    def action_toggle_model(self) -> None:
        """Show or hide the model answer plan beside the student's."""
        model = self.query_one("#model", VerticalScroll)
        model.display = not model.display

    def action_cycle_timer(self) -> None:
        """Timer off → 10 minutes → 30 minutes → off, starting again from now."""
        self.minutes = next_timer(self.minutes)
        self.query_one(CountdownLabel).start(self.minutes)

    def action_back(self) -> None:
        """Save the plan and go back to the questions."""
        if self.save_plan():
            self.notify("Plan saved", timeout=2)
        self.dismiss()

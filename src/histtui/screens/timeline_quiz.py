"""The timeline quiz: which of two or three events came first? Scored as the student goes."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from histtui.timeline import Quiz
from histtui.widgets.footer import KeyBar
from histtui.wording import chapter_label, plural


class TimelineQuizScreen(Screen[Quiz]):
    """Asks which event came first, reveals the dates, and keeps the score."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "answer(1)", "First"),
        Binding("2", "answer(2)", "Second"),
        Binding("3", "answer(3)", "Third"),
        Binding("escape", "end", "End quiz"),
        Binding("q", "end", "End quiz", show=False),
    ]

    OWN_KEYS = frozenset({"escape", "question_mark", "ctrl+c", "ctrl+q", "ctrl+p"})
    """Keys that keep their meaning once an answer is shown; any other moves on."""

    def __init__(self, quiz: Quiz, chapter: str = "", query: str = "") -> None:
        super().__init__()
        self.quiz = quiz
        self.source = self.describe_source(len(quiz.entries), chapter, query)

    @staticmethod
    def describe_source(count: int, chapter: str, query: str) -> str:
        """ "From 12 events in 2. Stalin's Soviet Union, matching “war”"."""
        text = f"From {plural(count, 'event')}"
        text += f" in {chapter}" if chapter else " in every chapter"
        return text + (f", matching “{query}”" if query else "")

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz"):
            yield Static("Timeline quiz: which came first?", id="quiz-title")
            yield Static(Text(self.source), id="quiz-source")
            yield Static(id="quiz-score")
            yield Static(id="quiz-choices")
            yield Static(id="quiz-verdict")
            yield Static(id="quiz-prompt")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_question()

    @property
    def revealed(self) -> bool:
        """Whether the current question has been answered."""
        return self.quiz.answered is not None

    def show_question(self) -> None:
        """Draw the current question, its answer if given, and the score."""
        question = self.quiz.question
        if question is None:
            return
        self.query_one("#quiz-score", Static).update(Text(self.quiz.score, style="bold"))
        answered = self.quiz.answered
        colours = self.app.theme_variables
        good, bad = colours["histtui-done"], colours["text-error"]
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, justify="right")
        table.add_column(ratio=1)
        for position, entry in enumerate(question.choices):
            number = Text(str(position + 1), style="bold reverse")
            text = Text(entry.event.text)
            if answered is not None:
                first = position == question.answer
                text.append("\n")
                text.append(f"{entry.date}  ", style=good if first else "")
                text.append(chapter_label(entry.chapter), style="dim")
                if first:
                    text.append("  ").append("← came first", style=f"bold {good}")
                elif position == answered:
                    text.append("  ").append("← your answer", style=f"bold {bad}")
            if position:
                table.add_row("", "")
            table.add_row(number, text)
        self.query_one("#quiz-choices", Static).update(table)
        verdict = self.query_one("#quiz-verdict", Static)
        prompt = self.query_one("#quiz-prompt", Static)
        if answered is None:
            verdict.update("")
            verdict.set_classes("")
            keys = [str(n) for n in range(1, len(question.choices) + 1)]
            prompt.update(f"Press {', '.join(keys[:-1])} or {keys[-1]}: which came first?")
        else:
            right = answered == question.answer
            verdict.update(
                "✔ Right!" if right else f"✘ Not quite: {question.answer + 1} came first."
            )
            verdict.set_classes("-right" if right else "-wrong")
            prompt.update("Press any key for the next question, or escape to end the quiz.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the numbers of the events shown, and only before the answer."""
        if action == "answer" and parameters:
            question = self.quiz.question
            choices = len(question.choices) if question else 0
            return not self.revealed and int(str(parameters[0])) <= choices
        return True

    def action_answer(self, number: int) -> None:
        """Say that event `number` (from 1) came first."""
        question = self.quiz.question
        if question is None or self.revealed or number > len(question.choices):
            return
        self.quiz.answer(number - 1)
        self.show_question()

    def next_question(self) -> None:
        """Move on to a new question."""
        self.quiz.next_question()
        self.show_question()

    def on_key(self, event: events.Key) -> None:
        """Once the answer is shown, any key (q and t too) but escape, help and the palette
        moves on to the next question, as the prompt says; before it, q ends the quiz with
        its score rather than quitting histtui."""
        if not self.revealed or event.key in self.OWN_KEYS:
            return
        event.stop()
        event.prevent_default()
        self.next_question()

    def action_end(self) -> None:
        """End the quiz; the timeline shows the final score."""
        self.dismiss(self.quiz)

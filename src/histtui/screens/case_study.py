"""Source-based case studies: the list, a case study's sources beside the student's answers,
self-marking against the marking guide, and drills of one skill.

CaseStudyScreen (opened from the list in case_study_list.py, from search and from the
timeline) shows the sources on one side and the current question with the
student's answer on the other; below 100 columns only one side shows at a time (tab
switches), so nothing is cut. Scores and the skill profile come from casework.py.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static, TextArea

from histtui import casework
from histtui.guide import CaseStudy, SubQuestion
from histtui.practice import next_timer
from histtui.screens.base import StudyScreen
from histtui.session import Change
from histtui.widgets.case_study_parts import (
    LETTERS,
    mark_line,
    marking_guide,
    provenance_line,
    question_head,
    score_text,
    source_body,
    source_tabs,
)
from histtui.widgets.countdown import CountdownLabel
from histtui.widgets.footer import KeyBar

NARROW = 100
"""Below this many columns the sources and the answer take turns on the screen."""
ROOMY = 150
"""From this many columns the marking guide stands beside the answer; below, under it (beside
it, each would be about 22 columns wide at 100)."""
PLACEHOLDER = "Write your answer here. ctrl+r shows the marking guide when you are done."

Item = tuple[CaseStudy, SubQuestion]


# A case study (or a drill) ---------------------------------------------------------------


class CaseStudyScreen(StudyScreen[None]):
    """Questions on sources: the sources on one side, the question and the student's answer
    on the other, the marking guide beside the answer once revealed.

    `items` is every (case study, question) to work through: one case study's questions, or
    a drill's. The answer is saved on ctrl+s, when moving to another question, when leaving,
    and when the app quits (`save_unsaved`).
    """

    FOOTER_DROPS = ("previous_question", "quit", "next_source")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "reveal", "Mark"),
        Binding("tab", "next_pane", "Pane", priority=True),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, priority=True),
        Binding("ctrl+o", "next_source", "Source"),
        Binding("ctrl+n", "next_question", "Next"),
        Binding("ctrl+b", "previous_question", "Previous"),
        Binding("ctrl+t", "cycle_timer", "Timer", show=False),
        Binding("escape", "back", "Back"),
        *(
            Binding(f"{letter.lower()},{letter}", f"show_source('{letter}')", show=False)
            for letter in LETTERS
        ),
        *(Binding(str(n), f"mark({n})", show=False) for n in range(1, 6)),
        Binding("n", "next_question", show=False),
        Binding("p", "previous_question", show=False),
    ]

    AUTO_FOCUS = "#cs-answer"

    def __init__(
        self,
        items: list[Item],
        index: int = 0,
        *,
        drill: str | None = None,
        letter: str | None = None,
    ) -> None:
        super().__init__()
        self.items = items
        self.index = index
        self.drill = drill
        self.letter = letter or (self.question.sources[0] if self.question.sources else "A")
        self.start_on_source = letter is not None
        """Whether to open on the sources (from a search result), not the answer."""
        self.revealed = False
        self.attempts: dict[int, dt.datetime] = {}
        """The attempt marked since the marking guide was last revealed, per question."""
        self.given: dict[int, tuple[int, int]] = {}
        """The level and marks given in that attempt, per question."""
        self.minutes: int | None = None
        self.editor = TextArea(self.saved_answer(), id="cs-answer", placeholder=PLACEHOLDER)

    @property
    def case_study(self) -> CaseStudy:
        """The case study of the question open."""
        return self.items[self.index][0]

    @property
    def question(self) -> SubQuestion:
        """The question open."""
        return self.items[self.index][1]

    def saved_answer(self) -> str:
        """The student's saved answer to the question open."""
        return self.session.progress.answer(casework.key_of(self.case_study, self.question))

    def compose(self) -> ComposeResult:
        with Horizontal(id="cs-header"):
            yield Static(id="cs-title")
            yield CountdownLabel(
                self.session.monotonic, Text("ctrl+t: timer", style="dim"), id="cs-timer"
            )
        yield Static(id="cs-inquiry")
        with Horizontal(id="cs-panes"):
            with Vertical(id="cs-sources"):
                yield Static(id="cs-source-tabs")
                yield Static(id="cs-provenance")
                with VerticalScroll(id="cs-source-scroll"):
                    yield Static(id="cs-source-text")
            with Vertical(id="cs-work"):
                yield Static(id="cs-question")
                with Horizontal(id="cs-answer-row"):
                    yield self.editor
                    with VerticalScroll(id="cs-guide"):
                        yield Static(id="cs-guide-text")
                yield Static(id="cs-mark")
                yield Static(id="cs-score")
        yield KeyBar()

    def on_mount(self) -> None:
        self.editor.border_title = "Your answer"
        self.query_one("#cs-source-scroll").border_title = "Source"
        self.query_one("#cs-guide").border_title = "Marking guide"
        self.query_one("#cs-guide").display = False
        self.fit(self.app.size.width)
        self.show_question()
        self.editor.move_cursor(self.editor.document.end)
        self.watch_progress(self.progress_changed)
        if self.start_on_source:
            self.call_after_refresh(self.focus_pane, "sources")

    def on_unmount(self) -> None:
        self.save_answer()

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def fit(self, width: int) -> None:
        """Side by side when wide; below NARROW columns one pane at a time."""
        narrow = width < NARROW
        self.set_class(narrow, "-narrow")
        self.set_class(not narrow and width < ROOMY, "-guide-below")
        if narrow and not self.has_class("-show-sources"):
            self.add_class("-show-work")

    def progress_changed(self, change: Change) -> None:
        """Show the marks as they are now (another histtui may have marked too)."""
        self.show_marks()

    # Drawing --------------------------------------------------------------------------

    def show_question(self) -> None:
        """Draw everything about the question open, and its case study."""
        case_study = self.case_study
        title = Text.assemble(("Case study", "bold"), " · ", case_study.title)
        if self.drill:
            title = Text.assemble((f"Drill: {self.drill}", "bold"), " · ", case_study.title)
        self.query_one("#cs-title", Static).update(title)
        self.query_one("#cs-inquiry", Static).update(
            Text.assemble(("Inquiry: ", "bold"), case_study.inquiry)
        )
        self.show_source()
        self.query_one("#cs-guide-text", Static).update(marking_guide(self.question))
        self.show_marks()

    def show_source(self) -> None:
        """Draw the open source: the tabs, its provenance line, and its text or picture."""
        source = self.case_study.source(self.letter) or self.case_study.sources[0]
        self.letter = source.letter
        self.query_one("#cs-source-tabs", Static).update(
            source_tabs(self.case_study, source.letter, self.question.sources)
        )
        self.query_one("#cs-provenance", Static).update(provenance_line(source))
        self.query_one("#cs-source-text", Static).update(source_body(source))
        scroll = self.query_one("#cs-source-scroll", VerticalScroll)
        scroll.border_title = f"Source {source.letter} · {source.kind}"
        scroll.scroll_home(animate=False)

    def show_marks(self) -> None:
        """The question's heading with its last self-mark, the mark line and the score."""
        progress = self.session.progress
        latest = casework.latest_mark(progress, self.case_study, self.question)
        self.query_one("#cs-question", Static).update(
            question_head(
                self.index + 1,
                len(self.items),
                self.question,
                None if latest is None else latest.marks,
            )
        )
        mark = self.query_one("#cs-mark", Static)
        mark.display = self.revealed
        mark.update(mark_line(self.question, self.given.get(self.index)))
        self.query_one("#cs-score", Static).update(self.score_text())

    def score_text(self) -> Text:
        """A finished case study's (or drill's) score and the skill profile; "" until then."""
        return score_text(self.session.progress, self.session.guide, self.items, bool(self.drill))

    # Saving ---------------------------------------------------------------------------

    def save_answer(self) -> bool:
        """Save the answer if it differs from what is saved; whether it did."""
        return self.session.save_answer(self.case_study, self.question, self.editor.text)

    def save_unsaved(self) -> bool:
        """Save what is typed, before the app quits; whether anything was unsaved."""
        return self.save_answer()

    def action_save(self) -> None:
        """Save the answer once the editor has taken in every key sent before ctrl+s."""
        self.editor.call_later(self.save_now)

    def save_now(self) -> None:
        """Save the answer now, and say so."""
        if self.save_answer():
            self.notify(
                "Answer saved" if self.session.saved else "Answer kept, not saved yet",
                timeout=2,
            )

    # Moving ---------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Save this answer and open the question at `index`."""
        if not 0 <= index < len(self.items) or index == self.index:
            return
        self.save_answer()
        self.index = index
        self.letter = self.question.sources[0] if self.question.sources else "A"
        self.set_revealed(False)
        self.editor.load_text(self.saved_answer())
        self.editor.move_cursor(self.editor.document.end)
        self.show_question()
        if self.has_class("-narrow"):
            self.show_pane("work")
        self.editor.focus()

    def action_next_question(self) -> None:
        """The next question (saving this answer)."""
        if self.index + 1 >= len(self.items):
            self.notify("That was the last question.", timeout=2)
        self.go_to(self.index + 1)

    def action_previous_question(self) -> None:
        """The previous question (saving this answer)."""
        self.go_to(self.index - 1)

    def action_show_source(self, letter: str) -> None:
        """Show the source with this letter, if the case study has it."""
        if self.case_study.source(letter) is None:
            self.notify(f"This case study has no Source {letter}.", timeout=2)
            return
        self.letter = letter
        self.show_source()
        if self.has_class("-narrow"):
            self.show_pane("sources")

    def action_next_source(self) -> None:
        """The next source, after the last the first."""
        letters = [source.letter for source in self.case_study.sources]
        index = letters.index(self.letter) if self.letter in letters else -1
        self.action_show_source(letters[(index + 1) % len(letters)])

    def panes(self) -> list[str]:
        """The panes tab moves between, in order."""
        return ["sources", "answer", "guide"] if self.revealed else ["sources", "answer"]

    def current_pane(self) -> str:
        """Which pane has the focus."""
        focused = self.focused
        if focused is self.editor:
            return "answer"
        if focused is not None and focused.id == "cs-guide":
            return "guide"
        return "sources"

    def focus_pane(self, pane: str) -> None:
        """Focus a pane (and show it, when only one side shows)."""
        if self.has_class("-narrow"):
            self.show_pane("sources" if pane == "sources" else "work")
        target = {"sources": "#cs-source-scroll", "answer": "#cs-answer", "guide": "#cs-guide"}
        self.query_one(target[pane]).focus()

    def show_pane(self, pane: str) -> None:
        """When narrow: show the sources or the work (question, answer, marking guide)."""
        self.set_class(pane == "sources", "-show-sources")
        self.set_class(pane != "sources", "-show-work")

    def action_next_pane(self) -> None:
        """Sources → answer → marking guide (when shown) → sources."""
        panes = self.panes()
        index = panes.index(self.current_pane()) if self.current_pane() in panes else 0
        self.focus_pane(panes[(index + 1) % len(panes)])

    def action_previous_pane(self) -> None:
        """The other way round."""
        panes = self.panes()
        index = panes.index(self.current_pane()) if self.current_pane() in panes else 0
        self.focus_pane(panes[(index - 1) % len(panes)])

    # Marking ----------------------------------------------------------------------------

    def set_revealed(self, revealed: bool) -> None:
        """Show or hide the marking guide; a new reveal starts a new attempt."""
        self.revealed = revealed
        self.query_one("#cs-guide").display = revealed
        if revealed:
            self.attempts.pop(self.index, None)
            self.given.pop(self.index, None)
        self.show_marks()

    def action_reveal(self) -> None:
        """Show the marking guide and model answer beside the answer (focused, so that 1-5
        mark), or hide them and go back to the answer."""
        self.save_answer()
        self.set_revealed(not self.revealed)
        if self.revealed:
            self.focus_pane("guide")
        else:
            self.focus_pane("answer")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark":
            return self.revealed and self.focused is not self.editor
        return True

    def action_mark(self, number: int) -> None:
        """Mark the answer at this level: its top mark, or, pressed again, one mark lower
        (after the bottom of the level, its top again)."""
        question = self.question
        level = casework.level_of(question, number)
        if level is None:
            self.notify(f"This question has no level {number}.", timeout=2)
            return
        given = self.given.get(self.index)
        if given is not None and given[0] == number:
            marks = given[1] - 1 if given[1] > level.low else level.high
        else:
            marks = level.high
        self.save_answer()
        self.attempts[self.index] = self.session.mark_answer(
            self.case_study, question, number, marks, self.attempts.get(self.index)
        )
        self.given[self.index] = (number, marks)
        self.show_marks()

    # The timer --------------------------------------------------------------------------

    def action_cycle_timer(self) -> None:
        """Timer off → 10 minutes → 30 minutes → off, starting again from now."""
        self.minutes = next_timer(self.minutes)
        self.query_one(CountdownLabel).start(self.minutes)

    @on(CountdownLabel.TimesUp)
    def times_up(self) -> None:
        """Say that time is up, and what to do now."""
        self.notify(
            "Finish your sentence, then mark your answer (ctrl+r).",
            title="Time's up",
            severity="warning",
        )

    def action_back(self) -> None:
        """Save the answer and go back to the list."""
        if self.save_answer():
            self.notify("Answer saved", timeout=2)
        self.dismiss()

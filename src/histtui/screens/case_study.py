"""Source-based case studies: the list, a case study's sources beside the student's answers,
self-marking against the marking guide, and drills of one skill.

`a` opens CaseStudyListScreen (every case study, with the best self-mark and the last
attempt); enter opens CaseStudyScreen on one case study, `d` on every question of one skill
(a drill). CaseStudyScreen shows the sources on one side and the current question with the
student's answer on the other; below 100 columns only one side shows at a time (tab
switches), so nothing is cut. Scores and the skill profile come from casework.py.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from histtui import casework
from histtui.guide import CaseStudy, Chapter, Guide, Source, SubQuestion
from histtui.practice import Countdown, mmss, next_timer
from histtui.progress import Progress
from histtui.screens.base import StudyScreen
from histtui.session import Change
from histtui.widgets.notes_markdown import render_markdown
from histtui.wording import plural

NARROW = 100
"""Below this many columns the sources and the answer take turns on the screen."""
TICK_SECONDS = 0.25
"""How often the countdown is redrawn."""
PLACEHOLDER = "Write your answer here. ctrl+r shows the marking guide when you are done."
LETTERS = "ABCDEF"

Item = tuple[CaseStudy, SubQuestion]


# What the screens draw (plain functions of the guide and the progress) ------------------


def reflow(text: str) -> str:
    """A source's text with the TOML's line breaks inside paragraphs taken out."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def source_body(source: Source) -> RenderableType:
    """A text source as its text; a visual source or a table framed, titled with its kind."""
    if source.is_visual:
        return Panel(
            Text(reflow(source.text)),
            title=Text(f"{source.kind.capitalize()} (described)", style="bold"),
            title_align="left",
            border_style="magenta",
            padding=(0, 1),
        )
    if source.kind == "statistics":
        return Panel(
            Text(source.text.strip("\n")),
            title=Text("Statistics", style="bold"),
            title_align="left",
            padding=(0, 1),
        )
    return Text(reflow(source.text))


def source_tabs(case_study: CaseStudy, current: str, used: tuple[str, ...]) -> Text:
    """ "Sources  A  B  C": the open one reversed, the ones the question uses in bold."""
    text = Text("Sources ", style="dim")
    for source in case_study.sources:
        style = "reverse bold" if source.letter == current else ""
        if source.letter in used and source.letter != current:
            style = "bold underline"
        text.append(f" {source.letter} ", style=style or "dim")
        text.append(" ")
    return text


def provenance_line(source: Source) -> Text:
    """ "Source B: A cartoon by David Low, ..." as the paper prints it."""
    return Text.assemble((f"Source {source.letter}: ", "bold"), source.provenance)


def question_head(number: int, count: int, question: SubQuestion, last: int | None = None) -> Text:
    """ "Question 1 of 4 · Inference · 5 marks · about 8 minutes", then the prompt."""
    minutes = casework.suggested_minutes(question.marks)
    head = Text.assemble(
        (f"Question {number} of {count}", "bold"),
        " · ",
        (question.skill.capitalize(), "bold"),
        f" · {plural(question.marks, 'mark')} · about {minutes} minutes",
        (f" · Sources {', '.join(question.sources)}", "dim"),
    )
    if last is not None:
        head.append(f" · last self-mark {last}/{question.marks}", style="green")
    return Text.assemble(head, "\n", question.prompt)


def marking_guide(question: SubQuestion) -> RenderableType:
    """The levels of the mark scheme with their marks, and the model answer."""
    parts: list[RenderableType] = []
    for level in question.levels:
        marks = str(level.low) if level.low == level.high else f"{level.low}-{level.high}"
        parts.append(
            Text.assemble(
                (f"Level {level.level}", "bold"),
                f" ({plural(level.high, 'mark') if level.low == level.high else marks + ' marks'})",
                "\n",
                level.text,
            )
        )
        parts.append(Text(""))
    parts.append(Text("Model answer", style="bold underline"))
    parts.append(render_markdown(question.answer))
    return Group(*parts)


def mark_line(question: SubQuestion, mark: tuple[int, int] | None) -> Text:
    """What the student can do, or did, to mark themself on this question."""
    numbers = [level.level for level in question.levels]
    keys = f"{min(numbers)}-{max(numbers)}" if len(numbers) > 1 else str(numbers[0])
    if mark is None:
        return Text.assemble(
            ("Mark yourself: ", "bold"), f"press {keys} for the level your answer reaches."
        )
    number, marks = mark
    level = casework.level_of(question, number)
    text = Text.assemble(
        ("Your mark: ", "bold"), (f"Level {number}, {marks}/{question.marks}", "bold green"), " "
    )
    if level is not None and level.low < level.high:
        lower = marks - 1 if marks > level.low else level.high
        text.append(
            f"  (level {number} is {level.low}-{level.high}: press {number} again for {lower})",
            style="dim",
        )
    return text


def profile_text(progress: Progress, guide: Guide) -> Text:
    """ "Skill profile: inference 4/5 (80%) · ..." over every marked question."""
    profile = casework.skill_profile(guide, progress)
    if not profile:
        return Text("Skill profile: mark yourself on a question to start one.", style="dim")
    text = Text("Skill profile: ", style="bold")
    for index, line in enumerate(profile):
        if index:
            text.append(" · ")
        text.append(f"{line.skill} {line.got}/{line.possible} ({line.percent}%)")
    return text


def list_row(progress: Progress, case_study: CaseStudy) -> RenderableType:
    """A case study's row: chapter number, title and chapter, best self-mark, last attempt."""
    best = casework.best_score(progress, case_study)
    when = casework.last_attempt(progress, case_study)
    row = Table.grid(expand=True, padding=(0, 1))
    row.add_column(width=3, justify="right")
    row.add_column(ratio=1)
    row.add_column(no_wrap=True, justify="right")
    row.add_row(
        f"{case_study.chapter.number}.",
        Text.assemble(
            (case_study.title, "bold"),
            "\n",
            (f"{case_study.chapter.title} · {plural(len(case_study.sources), 'source')}", "dim"),
        ),
        Text.assemble(
            f"Best {best.got}/{best.possible}" if best else ("Not attempted", "dim"),
            "\n",
            (f"Last {when:%d %b %Y}" if when else "", "dim"),
        ),
    )
    return row


# The list --------------------------------------------------------------------------------


class CaseStudyListScreen(StudyScreen[None]):
    """Every case study in the guide; `chapter`'s first is highlighted when given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "drill", "Drill a skill"),
        Binding("escape", "back", "Back"),
    ]

    AUTO_FOCUS = "#cs-list"

    def __init__(self, chapter: Chapter | None = None) -> None:
        super().__init__()
        self.chapter = chapter

    def compose(self) -> ComposeResult:
        studies = self.session.guide.case_studies
        with Vertical(id="cs-list-screen"):
            yield Static(
                Text.assemble(
                    ("Case studies", "bold"),
                    (f" · {plural(len(studies), 'case study', 'case studies')}", "dim"),
                    ("   enter: open   d: drill one skill", "dim"),
                ),
                id="cs-list-title",
            )
            options: list[Option | None] = []
            for index, case_study in enumerate(studies):
                if index:
                    options.append(None)
                options.append(
                    Option(list_row(self.session.progress, case_study), id=case_study.id)
                )
            yield OptionList(*options, id="cs-list")
            yield Static(id="cs-profile")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#cs-list", OptionList)
        first = next(
            (s for s in self.session.guide.case_studies if s.chapter is self.chapter), None
        )
        if first is not None:
            options.highlighted = options.get_option_index(first.id)
        self.show_profile()
        self.watch_progress(self.progress_changed)

    def progress_changed(self, change: Change) -> None:
        """Redraw the best marks, the last attempts and the profile."""
        options = self.query_one("#cs-list", OptionList)
        for case_study in self.session.guide.case_studies:
            options.replace_option_prompt(
                case_study.id, list_row(self.session.progress, case_study)
            )
        self.show_profile()

    def show_profile(self) -> None:
        """The skill profile over every case study."""
        session = self.session
        self.query_one("#cs-profile", Static).update(profile_text(session.progress, session.guide))

    @on(OptionList.OptionSelected, "#cs-list")
    def open_case_study(self, event: OptionList.OptionSelected) -> None:
        """Enter on a case study opens it at its first question."""
        case_study = self.session.guide.case_study(event.option.id or "")
        if case_study is not None:
            items = [(case_study, question) for question in case_study.questions]
            self.app.push_screen(CaseStudyScreen(items))

    def action_drill(self) -> None:
        """Choose a skill, then practise its questions across every case study."""
        self.app.push_screen(SkillDialog(casework.skills_in(self.session.guide)), self.drill)

    def drill(self, skill: str | None) -> None:
        """Open the drill of `skill` (None: the student changed their mind)."""
        if skill:
            items = casework.drill(self.session.guide, skill)
            self.app.push_screen(CaseStudyScreen(items, drill=skill))

    def action_back(self) -> None:
        """Back to where `a` was pressed."""
        self.dismiss()


class SkillDialog(ModalScreen[str | None]):
    """Which skill to drill: each skill the case studies test, with its number of questions."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, skills: list[tuple[str, int]]) -> None:
        super().__init__()
        self.skills = skills

    def compose(self) -> ComposeResult:
        with Vertical(id="skill-dialog"):
            yield Static(Text("Drill one skill across every case study", style="bold"))
            yield OptionList(
                *(
                    Option(f"{skill.capitalize()}  ({plural(count, 'question')})", id=skill)
                    for skill, count in self.skills
                ),
                id="skills",
            )

    @on(OptionList.OptionSelected, "#skills")
    def choose(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


# A case study (or a drill) ---------------------------------------------------------------


def open_at_source(case_study: CaseStudy, letter: str | None) -> CaseStudyScreen:
    """A case study's screen at its first question on source `letter`, showing the source."""
    items = [(case_study, question) for question in case_study.questions]
    index = next(
        (i for i, question in enumerate(case_study.questions) if letter in question.sources), 0
    )
    return CaseStudyScreen(items, index, letter=letter)


class CaseStudyScreen(StudyScreen[None]):
    """Questions on sources: the sources on one side, the question and the student's answer
    on the other, the marking guide beside the answer once revealed.

    `items` is every (case study, question) to work through: one case study's questions, or
    a drill's. The answer is saved on ctrl+s, when moving to another question, when leaving,
    and when the app quits (`save_unsaved`).
    """

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
        self.countdown: Countdown | None = None
        self.ticker: Timer | None = None
        self.times_up = False
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
            yield Static(id="cs-timer")
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
        yield Footer()

    def on_mount(self) -> None:
        self.editor.border_title = "Your answer"
        self.query_one("#cs-source-scroll").border_title = "Source"
        self.query_one("#cs-guide").border_title = "Marking guide"
        self.query_one("#cs-guide").display = False
        self.fit(self.app.size.width)
        self.show_question()
        self.show_timer()
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
        """A finished case study's score and the skill profile; "" until then."""
        progress, guide = self.session.progress, self.session.guide
        if self.drill:
            marked = sum(
                1
                for study, question in self.items
                if casework.latest_mark(progress, study, question) is not None
            )
            if marked < len(self.items):
                return Text("")
            return Text.assemble(
                (f"Drill done: all {len(self.items)} marked. ", "bold"),
                profile_text(progress, guide),
            )
        score = casework.score(progress, self.case_study)
        if not score.finished:
            return Text("")
        return Text.assemble(
            (f"Finished: {score.got}/{score.possible}. ", "bold green"),
            profile_text(progress, guide),
        )

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
        self.times_up = False
        if self.ticker is not None:
            self.ticker.stop()
            self.ticker = None
        if self.minutes is None:
            self.countdown = None
        else:
            self.countdown = Countdown(self.minutes, self.session.monotonic())
            self.ticker = self.set_interval(TICK_SECONDS, self.tick)
        self.show_timer()

    def tick(self) -> None:
        """Redraw the countdown; at zero say that time is up, and stop."""
        if self.countdown is not None and self.countdown.is_over(self.session.monotonic()):
            self.times_up = True
            if self.ticker is not None:
                self.ticker.stop()
                self.ticker = None
            self.notify(
                "Finish your sentence, then mark your answer (ctrl+r).",
                title="Time's up",
                severity="warning",
            )
        self.show_timer()

    def show_timer(self) -> None:
        """The header's countdown, or the suggested time when no timer runs."""
        label = self.query_one("#cs-timer", Static)
        label.set_class(self.times_up, "-times-up")
        if self.times_up:
            label.update("Time's up")
        elif self.countdown is not None:
            remaining = self.countdown.remaining(self.session.monotonic())
            label.update(Text.assemble("Time left ", (mmss(remaining), "bold")))
        else:
            label.update(Text("ctrl+t: timer", style="dim"))

    def action_back(self) -> None:
        """Save the answer and go back to the list."""
        if self.save_answer():
            self.notify("Answer saved", timeout=2)
        self.dismiss()

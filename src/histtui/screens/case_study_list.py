"""The list of case studies (best self-mark, last attempt) and the choice of a skill to drill.

`a` opens CaseStudyListScreen; enter opens CaseStudyScreen on one case study, `d` on every
question of one skill (a drill).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from histtui import casework
from histtui.guide import CaseStudy, Chapter, answer_key
from histtui.progress import Progress
from histtui.screens.base import StudyScreen
from histtui.screens.case_study import CaseStudyScreen
from histtui.session import Change
from histtui.widgets.case_study_parts import list_row, profile_text
from histtui.widgets.footer import KeyBar
from histtui.widgets.key_list import KeyList
from histtui.wording import plural


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
            yield KeyList(*options, id="cs-list")
            yield Static(id="cs-profile")
        yield KeyBar()

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
        """Enter on a case study opens it where the student left off (open_at_source)."""
        case_study = self.session.guide.case_study(event.option.id or "")
        if case_study is not None:
            self.app.push_screen(open_at_source(case_study, None, self.session.progress))

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
            yield KeyList(
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


def open_at_source(
    case_study: CaseStudy, letter: str | None, progress: Progress
) -> CaseStudyScreen:
    """A case study's screen at its first question on source `letter`, showing the source;
    without a letter, where the student left off: the first question not yet answered."""
    items = [(case_study, question) for question in case_study.questions]
    if letter is None:
        index = next(
            (
                i
                for i, question in enumerate(case_study.questions)
                if not progress.answer(answer_key(case_study.id, question.prompt)).strip()
            ),
            0,
        )
    else:
        index = next(
            (i for i, question in enumerate(case_study.questions) if letter in question.sources),
            0,
        )
    return CaseStudyScreen(items, index, letter=letter)

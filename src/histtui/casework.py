"""Case-study practice without a terminal: scores, the skill profile and suggested times.

Plain Python with no Textual import; the case-study screens only show what this computes.
A student's attempts are their self-marks (progress.SelfMark), keyed by guide.answer_key:
every attempt is kept, and the figures below read the latest (or best) of them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from histtui.guide import SKILLS, CaseStudy, Chapter, Event, Guide, Level, SubQuestion, answer_key
from histtui.progress import Progress, SelfMark
from histtui.wording import MONTHS

MINUTES_PER_MARK = 1.5
"""About how long a paper allows for each mark of a source-based question."""


def suggested_minutes(marks: int) -> int:
    """The time to spend on a question of `marks` marks, rounded up: 5 → 8, 6 → 9, 8 → 12."""
    return math.ceil(marks * MINUTES_PER_MARK)


def key_of(case_study: CaseStudy, question: SubQuestion) -> str:
    """The id the student's answer and self-marks for this question are stored under."""
    return answer_key(case_study.id, question.prompt)


def latest_mark(
    progress: Progress, case_study: CaseStudy, question: SubQuestion
) -> SelfMark | None:
    """The student's last self-mark for this question, or None if never marked."""
    marks = progress.marks_for(key_of(case_study, question))
    return max(marks, key=lambda mark: mark.at) if marks else None


def level_of(question: SubQuestion, number: int) -> Level | None:
    """The level of the question's mark scheme numbered `number`, if it has one."""
    return next((level for level in question.levels if level.level == number), None)


def capped(marks: int, question: SubQuestion) -> int:
    """A self-mark as it counts: between 0 and the question's marks (a progress file may
    come from anywhere)."""
    return max(0, min(marks, question.marks))


@dataclass(frozen=True)
class Score:
    """Marks got out of marks possible, over `marked` of `questions` questions."""

    got: int
    possible: int
    marked: int
    questions: int

    @property
    def finished(self) -> bool:
        """Whether every question has been marked."""
        return self.marked == self.questions

    def __str__(self) -> str:
        """ "17/25", or "9/25 (2 of 4 marked)" while unfinished."""
        text = f"{self.got}/{self.possible}"
        if not self.finished:
            text += f" ({self.marked} of {self.questions} marked)"
        return text


def score(progress: Progress, case_study: CaseStudy) -> Score:
    """The case study's score from the latest self-mark of each question, out of its total."""
    got = marked = 0
    for question in case_study.questions:
        mark = latest_mark(progress, case_study, question)
        if mark is not None:
            got += capped(mark.marks, question)
            marked += 1
    return Score(got, case_study.marks, marked, len(case_study.questions))


def best_score(progress: Progress, case_study: CaseStudy) -> Score | None:
    """The best self-mark of each question added up, out of the total; None if none marked."""
    got = marked = 0
    for question in case_study.questions:
        marks = progress.marks_for(key_of(case_study, question))
        if marks:
            got += capped(max(mark.marks for mark in marks), question)
            marked += 1
    if not marked:
        return None
    return Score(got, case_study.marks, marked, len(case_study.questions))


def last_attempt(progress: Progress, case_study: CaseStudy) -> dt.datetime | None:
    """When the student last wrote an answer to, or marked, one of its questions."""
    times: list[dt.datetime] = []
    for question in case_study.questions:
        key = key_of(case_study, question)
        times += [mark.at for mark in progress.marks_for(key)]
        answer = progress.answers.get(key)
        if answer is not None and answer.text.strip():
            times.append(answer.updated_at)
    return max(times, default=None)


@dataclass(frozen=True)
class SkillMarks:
    """A skill's line of the profile: marks got out of possible over `questions` questions."""

    skill: str
    got: int
    possible: int
    questions: int

    @property
    def percent(self) -> int:
        """Marks got as a whole percentage of marks possible."""
        return round(100 * self.got / self.possible) if self.possible else 0


def skill_profile(guide: Guide, progress: Progress) -> list[SkillMarks]:
    """Marks per skill over every case study: for each question the student has marked, its
    latest self-mark out of its marks. Skills in the paper's order; only skills attempted."""
    got: dict[str, int] = {}
    possible: dict[str, int] = {}
    count: dict[str, int] = {}
    for case_study in guide.case_studies:
        for question in case_study.questions:
            mark = latest_mark(progress, case_study, question)
            if mark is None:
                continue
            skill = question.skill
            got[skill] = got.get(skill, 0) + capped(mark.marks, question)
            possible[skill] = possible.get(skill, 0) + question.marks
            count[skill] = count.get(skill, 0) + 1
    order = [*SKILLS, *sorted(set(count) - set(SKILLS))]
    return [
        SkillMarks(skill, got[skill], possible[skill], count[skill])
        for skill in order
        if skill in count
    ]


def drill(guide: Guide, skill: str) -> list[tuple[CaseStudy, SubQuestion]]:
    """Every question testing `skill`, across all case studies, in guide order."""
    return [
        (case_study, question)
        for case_study in guide.case_studies
        for question in case_study.questions
        if question.skill == skill
    ]


def skills_in(guide: Guide) -> list[tuple[str, int]]:
    """Each skill the guide's case studies test, with how many questions test it."""
    counts: dict[str, int] = {}
    for case_study in guide.case_studies:
        for question in case_study.questions:
            counts[question.skill] = counts.get(question.skill, 0) + 1
    return [(skill, counts[skill]) for skill in SKILLS if skill in counts]


def source_of_event(
    guide: Guide, event: Event, chapter_first: Chapter | None = None
) -> tuple[CaseStudy, str] | None:
    """A case study with a source dating from the time of `event`, and that source's letter.

    A source's date is read from its provenance line, as the paper prints it: a source
    dates from an event of "1938-09-30" if its provenance names "September 1938"; from an
    event of "1938" if it names 1938. Case studies of the chapter `chapter_first` come
    first, then the rest in guide order; within one, the first such source.
    """
    parts = event.date.split("-")
    year = parts[0]
    wanted = f"{MONTHS[int(parts[1]) - 1]} {year}" if len(parts) > 1 else year
    studies = sorted(guide.case_studies, key=lambda study: study.chapter is not chapter_first)
    for case_study in studies:
        for source in case_study.sources:
            if wanted in " ".join(source.provenance.split()):
                return case_study, source.letter
    return None

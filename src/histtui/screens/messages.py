"""The messages screens post to the app, which alone decides which screen shows.

A screen never reaches into another screen: it posts one of these, and the app's handler
(`@on(...)` in app.py) opens, closes or switches screens. They are plain Message classes,
as Textual's own are (a dataclass each cost most of a millisecond at every start).
"""

from __future__ import annotations

from textual.message import Message

from histtui.guide import CaseStudy, Chapter, Topic


class OpenTopic(Message):
    """Open a topic in the reader, at the first of `words` if there are any."""

    def __init__(self, topic: Topic, words: list[str] | None = None) -> None:
        super().__init__()
        self.topic = topic
        self.words = [] if words is None else words


class ShowOverview(Message):
    """Go back to the Smart Guide overview."""


class OpenExam(Message):
    """Open a chapter's exam questions."""

    def __init__(self, chapter: Chapter) -> None:
        super().__init__()
        self.chapter = chapter


class OpenTimeline(Message):
    """Open the timeline, starting at `topic`'s events when given."""

    def __init__(self, topic: Topic | None = None) -> None:
        super().__init__()
        self.topic = topic


class OpenCaseStudies(Message):
    """Open the list of case studies, with `chapter`'s first highlighted when given."""

    def __init__(self, chapter: Chapter | None = None) -> None:
        super().__init__()
        self.chapter = chapter


class OpenCaseStudy(Message):
    """Open a case study, at the first question on source `letter` when given."""

    def __init__(self, case_study: CaseStudy, letter: str | None = None) -> None:
        super().__init__()
        self.case_study = case_study
        self.letter = letter


class OpenDrill(Message):
    """Practise one skill: its questions across every case study."""

    def __init__(self, skill: str) -> None:
        super().__init__()
        self.skill = skill

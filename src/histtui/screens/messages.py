"""The messages screens post to the app, which alone decides which screen shows.

A screen never reaches into another screen: it posts one of these, and the app's handler
(`@on(...)` in app.py) opens, closes or switches screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from histtui.guide import CaseStudy, Chapter, Topic


@dataclass
class OpenTopic(Message):
    """Open a topic in the reader, at the first of `words` if there are any."""

    topic: Topic
    words: list[str] = field(default_factory=list)


@dataclass
class ShowOverview(Message):
    """Go back to the Smart Guide overview."""


@dataclass
class OpenExam(Message):
    """Open a chapter's exam questions."""

    chapter: Chapter


@dataclass
class OpenTimeline(Message):
    """Open the timeline, starting at `topic`'s events when given."""

    topic: Topic | None = None


@dataclass
class OpenCaseStudies(Message):
    """Open the list of case studies, with `chapter`'s first highlighted when given."""

    chapter: Chapter | None = None


@dataclass
class OpenCaseStudy(Message):
    """Open a case study, at the first question on source `letter` when given."""

    case_study: CaseStudy
    letter: str | None = None


@dataclass
class OpenDrill(Message):
    """Practise one skill: its questions across every case study."""

    skill: str

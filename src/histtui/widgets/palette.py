"""The command palette's topics: type part of any topic's title to open it."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.markup import escape

from histtui.guide import Guide, Topic
from histtui.screens.base import session_of
from histtui.screens.messages import OpenCaseStudies, OpenDrill, OpenExam, OpenTopic
from histtui.wording import chapter_label

MOST_HITS = 20
"""How many topics a search offers, best first: the palette shows a dozen at a time."""

_titles: WeakKeyDictionary[Guide, list[tuple[str, frozenset[int]]]] = WeakKeyDictionary()


def best_matches(
    guide: Guide, query: str, most: int = MOST_HITS
) -> list[tuple[float, Topic, Sequence[int]]]:
    """The `most` topics whose titles match `query` best, as Textual's FuzzySearch scores them.

    Scoring every title with FuzzySearch takes far too long for a guide of thousands of
    topics, so titles that contain the query are scored here with FuzzySearch's own formula
    for that case (its quick path), and the others, which can only score below 4 points a
    letter, are scored by FuzzySearch only when fewer than `most` titles score above that.
    """
    query = query.lower()
    if not query:
        return []
    titles = _titles.get(guide)
    if titles is None:
        titles = _titles[guide] = [
            (title, frozenset(match.start() for match in re.finditer(r"\w+", title)))
            for title in (topic.title.lower() for topic in guide.topics)
        ]
    length = len(query)
    scored: list[tuple[float, int, Sequence[int]]] = []
    scattered: list[int] = []
    in_order = re.compile(".*?".join(map(re.escape, query)), re.DOTALL)
    for index, (title, word_starts) in enumerate(titles):
        at = title.find(query)
        if at >= 0:
            starts = sum(1 for offset in range(at, at + length) if offset in word_starts)
            score = (length + starts) * 2 * (2.0 if title == query else 1.5)
            scored.append((score, index, range(at, at + length)))
        elif in_order.search(title):
            scattered.append(index)
    if sum(1 for score, _, _ in scored if score >= 4 * length) < most:
        fuzzy = FuzzySearch()
        for index in scattered:
            score, offsets = fuzzy.match(query, titles[index][0])
            if score > 0:
                scored.append((score, index, offsets))
    scored.sort(key=lambda hit: (-hit[0], hit[1]))
    return [(score, guide.topics[index], offsets) for score, index, offsets in scored[:most]]


class TopicCommands(Provider):
    """Every topic of the guide, matched fuzzily on its title, best first."""

    @property
    def guide(self) -> Guide:
        """The guide being revised."""
        return session_of(self.app).guide

    def open(self, topic: Topic) -> None:
        """Open `topic` in the reader."""
        self.app.post_message(OpenTopic(topic))

    async def search(self, query: str) -> Hits:
        """The best topics for `query`, highlighted where they match."""
        for score, topic, offsets in best_matches(self.guide, query):
            display = Content(topic.title)
            for offset in offsets:
                display = display.stylize("bold reverse", offset, offset + 1)
            yield Hit(
                score,
                display,
                partial(self.open, topic),
                text=topic.title,
                help=chapter_help(topic),
            )

    async def discover(self) -> Hits:
        """With nothing typed, every topic in guide order."""
        for topic in self.guide.topics:
            yield DiscoveryHit(
                Content(topic.title),
                partial(self.open, topic),
                text=topic.title,
                help=chapter_help(topic),
            )


class CaseStudyCommands(Provider):
    """ "Case studies" and "Drill: <skill>" for each skill the guide's case studies test."""

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Each command's name, help line and what it does (none without case studies)."""
        from histtui.casework import skills_in  # imported when the palette first asks

        guide = session_of(self.app).guide
        if not guide.case_studies:
            return []
        found: list[tuple[str, str, Callable[[], object]]] = [
            (
                "Case studies",
                "Every case study, with your best self-mark",
                partial(self.app.post_message, OpenCaseStudies()),
            )
        ]
        for skill, count in skills_in(guide):
            found.append(
                (
                    f"Drill: {skill}",
                    f"{count} {skill} question{'' if count == 1 else 's'} across the case studies",
                    partial(self.app.post_message, OpenDrill(skill)),
                )
            )
        return found

    async def search(self, query: str) -> Hits:
        """The commands matching `query`."""
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=help_text)

    async def discover(self) -> Hits:
        """With nothing typed, every command."""
        for name, help_text, run in self.commands():
            yield DiscoveryHit(Content(name), run, text=name, help=help_text)


def chapter_help(topic: Topic) -> str:
    """The palette's help line for a topic: its chapter, escaped.

    The palette reads help as markup: a "[/]" in a title would crash it, an "[@click=...]"
    would run an action.
    """
    return escape(chapter_label(topic.chapter))


def student_commands(app: App[Any]) -> Iterator[SystemCommand]:
    """histtui's own commands for the palette (topics come from TopicCommands).

    Textual's developer commands (Keys, Maximize, Screenshot: the last failed with a fresh
    HOME) are left out: a student has no use for them.
    """
    session = session_of(app)

    def run(action: str) -> Callable[[], Awaitable[bool]]:
        return partial(app.run_action, action)

    def exam_last() -> None:
        """Exam practice on the chapter of the topic last read."""
        topic = session.last_topic()
        if topic is None:
            app.notify("Open a topic first: exam practice is on its chapter.")
        else:
            app.post_message(OpenExam(topic.chapter))

    def say_export() -> None:
        """Tell the student how to write a progress report for a teacher."""
        app.notify(
            "In a terminal: histtui export --out report.md   (Markdown; --format csv or json)\n"
            f"It reads your progress file: {session.store.path}",
            title="Progress report",
            timeout=15,
            markup=False,
        )

    yield SystemCommand("Review cards", "Review the flashcards that are due (r)", run("review"))
    yield SystemCommand(
        "Statistics",
        "Heatmap, streaks, retention, forecast, chapters weakest first (S)",
        run("statistics"),
    )
    yield SystemCommand(
        "Set exam date", "The Smart Guide plans your topics to the exam (E)", run("set_exam_date")
    )
    yield SystemCommand("Timeline", "Every dated event in date order (t)", run("timeline"))
    yield SystemCommand("Search", "Search every topic and your notes (/)", run("search"))
    yield SystemCommand("Exam practice", "Exam questions on the chapter last read", exam_last)
    yield SystemCommand("Theme: dark or light", "Switch themes (d)", run("toggle_theme"))
    yield SystemCommand("Help: every key", "Every key histtui understands (?)", run("help"))
    yield SystemCommand("Export report", "Where a progress report goes, and how", say_export)
    yield SystemCommand("Quit", "Save everything and quit (q)", run("quit"))

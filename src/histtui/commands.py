"""Command palette: type part of any topic's title to open it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.markup import escape

from histtui.guide import Topic

if TYPE_CHECKING:
    from histtui.app import HistTUI


class TopicCommands(Provider):
    """Every topic of the guide, matched fuzzily on its title, best first."""

    @property
    def histtui(self) -> HistTUI:
        """The app, with its guide."""
        return cast("HistTUI", self.app)

    async def search(self, query: str) -> Hits:
        """Topics whose titles match `query`, highlighted where they match."""
        fuzzy = FuzzySearch()
        for topic in self.histtui.guide.topics:
            score, offsets = fuzzy.match(query, topic.title)
            if score <= 0:
                continue
            display = Content(topic.title)
            for offset in offsets:
                display = display.stylize("bold reverse", offset, offset + 1)
            yield Hit(
                score,
                display,
                partial(self.histtui.open_topic, topic),
                text=topic.title,
                help=chapter_help(topic),
            )

    async def discover(self) -> Hits:
        """With nothing typed, every topic in guide order."""
        for topic in self.histtui.guide.topics:
            yield DiscoveryHit(
                Content(topic.title),
                partial(self.histtui.open_topic, topic),
                text=topic.title,
                help=chapter_help(topic),
            )


def chapter_help(topic: Topic) -> str:
    """The palette's help line for a topic: its chapter, escaped.

    The palette reads help as markup: a "[/]" in a title would crash it, an "[@click=...]"
    would run an action.
    """
    return escape(f"{topic.chapter.number}. {topic.chapter.title}")

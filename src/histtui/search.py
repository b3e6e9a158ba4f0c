"""Search the guide's topics and the student's notes.

Plain Python with no Textual import. Matching ignores case and accents; several words must
all match. Topics whose titles hold the words rank before those that only mention them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from histtui.guide import FIGURE, Guide, Topic

SNIPPET = 72
"""About how many characters of context a result shows."""


@cache
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """Text without case or accents, and for each of its characters, where it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            folded.append(char.lower())
            origin.append(index)
            continue
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def query_words(query: str) -> list[str]:
    """The words of a query, folded; duplicates dropped."""
    words = fold(query)[0].split()
    return list(dict.fromkeys(words))


def find(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where each word occurs in `text`, as (start, end) spans of the original, in order."""
    if not words:
        return []
    folded, origin = fold(text)
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    spans = []
    for match in pattern.finditer(folded):
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        spans.append((start, end))
    return spans


def plain_text(body: str) -> str:
    """A topic body as one line of plain text: no Markdown marks, figures as their captions."""
    lines = []
    for line in body.splitlines():
        figure = FIGURE.match(line)
        if figure:
            lines.append(figure["caption"])
            continue
        line = re.sub(r"^\s*(?:#+|[-*])\s*", "", line)
        lines.append(line.replace("**", "").replace("__", ""))
    return " ".join(line.strip() for line in lines if line.strip())


@dataclass(frozen=True)
class Result:
    """A topic that matches, with a snippet of context and where the words are in it."""

    topic: Topic
    in_title: bool
    snippet: str
    spans: list[tuple[int, int]]
    hits: int
    in_note: bool = False


@dataclass
class _Entry:
    topic: Topic
    title: str
    text: str
    folded_title: str
    folded_text: str


class SearchIndex:
    """Every topic's title and text, folded once, searched as the student types."""

    def __init__(self, guide: Guide, note: Callable[[str], str] = lambda topic_id: "") -> None:
        self.guide = guide
        self.note = note
        self._entries: list[_Entry] | None = None

    @property
    def entries(self) -> list[_Entry]:
        """The folded topics, built on the first search."""
        if self._entries is None:
            self._entries = []
            for topic in self.guide.topics:
                text = plain_text(topic.body)
                self._entries.append(
                    _Entry(topic, topic.title, text, fold(topic.title)[0], fold(text)[0])
                )
        return self._entries

    def search(self, query: str, limit: int = 100) -> list[Result]:
        """Topics holding every word of `query`, best first."""
        words = query_words(query)
        if not words:
            return []
        ranked: list[tuple[tuple[int, int, int], Result]] = []
        for order, entry in enumerate(self.entries):
            note = self.note(entry.topic.id)
            folded_note = fold(note)[0] if note else ""
            if not all(
                word in entry.folded_title or word in entry.folded_text or word in folded_note
                for word in words
            ):
                continue
            title_words = sum(1 for word in words if word in entry.folded_title)
            hits = sum(
                entry.folded_title.count(word)
                + entry.folded_text.count(word)
                + folded_note.count(word)
                for word in words
            )
            in_body = any(word in entry.folded_text for word in words)
            source = entry.text if in_body or not note else note
            snippet, spans = _snippet(source, words)
            result = Result(
                entry.topic,
                title_words == len(words),
                snippet,
                spans,
                hits,
                in_note=not in_body and bool(note) and source is note,
            )
            rank = (0 if title_words == len(words) else 1 if title_words else 2, -hits, order)
            ranked.append((rank, result))
        ranked.sort(key=lambda pair: pair[0])
        return [result for _, result in ranked[:limit]]


def _snippet(text: str, words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans = find(text, words)
    if not spans:
        snippet = text[:SNIPPET]
        return (snippet + "…" if len(text) > SNIPPET else snippet), []
    first = spans[0][0]
    start = max(0, first - SNIPPET // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + SNIPPET)
    prefix = "…" if start else ""
    snippet = prefix + text[start:end] + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return snippet, inside

"""Search the guide's topics and the student's notes, and the sources of its case studies.

Plain Python with no Textual import. Matching ignores case and accents; several words must
all match. Topics whose titles hold the words rank before those that only mention them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from histtui.guide import FIGURE, CaseStudy, Guide, Topic

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


class _FoldTable(dict[int, str]):
    """What `fold` makes of each character, filled in as characters are first met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char.lower() if char.isascii() else _fold_char(char)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """`fold(text)[0]`, without the map back to the original: fast enough for whole guides."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def query_words(query: str) -> list[str]:
    """The words of a query, folded; duplicates dropped."""
    words = fold(query)[0].split()
    return list(dict.fromkeys(words))


def find(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where each word occurs in `text`, as (start, end) spans of the original, in order."""
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    if text.isascii():  # folding keeps every character where it was
        return [match.span() for match in pattern.finditer(text.lower())]
    folded, origin = fold(text)
    spans = []
    for match in pattern.finditer(folded):
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        spans.append((start, end))
    return spans


def plain_text(body: str) -> str:
    """A topic body as one line of plain text: no Markdown marks, figures as their captions.

    The captions come after the text, where a snippet of the text never runs into them
    ("...Photograph of L..."); they are still found by a search.
    """
    lines = []
    captions = []
    for line in body.splitlines():
        figure = FIGURE.match(line)
        if figure:
            captions.append(figure["caption"])
            continue
        line = re.sub(r"^\s*(?:#+|[-*])\s*", "", line)
        lines.append(line.replace("**", "").replace("__", ""))
    return " ".join(line.strip() for line in [*lines, *captions] if line.strip())


@dataclass(frozen=True)
class Result:
    """A topic that matches, with a snippet of context and where the words are in it."""

    topic: Topic
    in_title: bool
    snippet: str
    spans: list[tuple[int, int]]
    hits: int
    in_note: bool = False


@dataclass(frozen=True)
class SourceResult:
    """A case study's source that holds every word, with a snippet of its provenance and text."""

    case_study: CaseStudy
    letter: str
    snippet: str
    spans: list[tuple[int, int]]


@dataclass
class _FoldedTopic:
    topic: Topic
    title: str
    text: str
    folded_title: str
    folded_text: str


@dataclass(frozen=True)
class Found:
    """What a query found: every matching topic (by position in the guide) and the best ones."""

    words: list[str]
    matches: list[int]
    results: list[Result]

    @property
    def total(self) -> int:
        """How many topics hold every word."""
        return len(self.matches)


def narrows(before: list[str], after: list[str]) -> bool:
    """Whether every topic holding all the words `after` also holds all those `before`.

    True when each earlier word is part of some later word, as when the student types on.
    """
    return all(any(old in new for new in after) for old in before)


class SearchIndex:
    """Every topic's title and text, folded once, searched as the student types."""

    def __init__(self, guide: Guide, note: Callable[[str], str] = lambda topic_id: "") -> None:
        self.guide = guide
        self.note = note
        self._entries: list[_FoldedTopic] | None = None
        self._joined: list[str] | None = None
        self._folded_titles: list[str] | None = None
        self._sources: list[tuple[CaseStudy, str, str, str]] | None = None

    def sources(self, query: str, limit: int = 20) -> list[SourceResult]:
        """Case-study sources whose provenance or text holds every word of `query`, in guide
        order (a guide has a few dozen sources: each is looked at)."""
        words = query_words(query)
        if not words:
            return []
        if self._sources is None:
            self._sources = []
            for case_study in self.guide.case_studies:
                for source in case_study.sources:
                    text = " ".join(f"{source.provenance} {source.text}".split())
                    self._sources.append((case_study, source.letter, text, fold_text(text)))
        results = []
        for case_study, letter, text, folded in self._sources:
            if all(word in folded for word in words):
                snippet, spans = _snippet(text, words)
                results.append(SourceResult(case_study, letter, snippet, spans))
                if len(results) >= limit:
                    break
        return results

    @property
    def entries(self) -> list[_FoldedTopic]:
        """The folded topics, built on first use (`SearchScreen` calls `prepare` as it opens)."""
        if self._entries is None:
            self._entries = []
            for topic in self.guide.topics:
                text = plain_text(topic.body)
                self._entries.append(
                    _FoldedTopic(topic, topic.title, text, fold_text(topic.title), fold_text(text))
                )
            self._joined = self._folded_titles = None
        return self._entries

    def prepare(self) -> None:
        """Fold the guide now, so that the first search does not have to."""
        self._texts  # noqa: B018 (built on first use)
        self._titles  # noqa: B018

    def lookup(self, query: str, limit: int = 100, previous: Found | None = None) -> Found:
        """Every topic holding all the words of `query`, and the best `limit` as results.

        Best first: topics with every word in the title, then with some, then the rest;
        within each, most hits first, then guide order. With `previous` (an earlier lookup
        in this index, the notes unchanged since), only its matches are looked at when the
        new words narrow its words. Hits are counted, and snippets made, only for as many
        topics as the ranking needs.
        """
        words = query_words(query)
        if not words:
            return Found(words, [], [])
        entries = self.entries
        texts = self._texts
        candidates: Iterable[int] = (
            previous.matches
            if previous is not None and previous.words and narrows(previous.words, words)
            else range(len(entries))
        )
        in_text = list(candidates)
        for word in words:
            in_text = [position for position in in_text if word in texts[position]]
        matches = in_text
        notes: dict[int, str] = {}
        if len(in_text) < len(entries):
            # The notes, only where the title and text do not already hold every word.
            found = set(in_text)
            for position in candidates:
                note = "" if position in found else self.note(entries[position].topic.id)
                if note:
                    folded_note = fold_text(note)
                    haystack = texts[position]
                    if all(word in haystack or word in folded_note for word in words):
                        notes[position] = note
            if notes:
                matches = sorted([*in_text, *notes])
        titles = self._titles
        in_title = [{p for p in matches if word in titles[p]} for word in words]
        every, some = set.intersection(*in_title), set.union(*in_title)
        groups = (
            [position for position in matches if position in every],
            [position for position in matches if position in some and position not in every],
            [position for position in matches if position not in some],
        )
        results: list[Result] = []
        for category, group in enumerate(groups):
            if len(results) >= limit:
                break
            hits = self._hits(group, words, notes)
            group.sort(key=lambda position: -hits[position])
            for position in group[: limit - len(results)]:
                results.append(self._result(position, words, category == 0, hits[position], notes))
        return Found(words, matches, results)

    @property
    def _titles(self) -> list[str]:
        """Each topic's folded title."""
        if self._folded_titles is None:
            self._folded_titles = [entry.folded_title for entry in self.entries]
        return self._folded_titles

    @property
    def _texts(self) -> list[str]:
        """Each topic's folded title and text on two lines: no query word holds a newline."""
        if self._joined is None:
            self._joined = [f"{entry.folded_title}\n{entry.folded_text}" for entry in self.entries]
        return self._joined

    def _hits(self, group: list[int], words: list[str], notes: dict[int, str]) -> dict[int, int]:
        """How many times the words occur in each topic of `group`, notes included."""
        texts = self._texts
        totals = [0] * len(group)
        for word in words:
            totals = [total + texts[p].count(word) for total, p in zip(totals, group, strict=True)]
        hits = dict(zip(group, totals, strict=True))
        entries = self.entries
        for position in group:
            note = notes.get(position) or self.note(entries[position].topic.id)
            if note:
                notes[position] = note
                folded_note = fold_text(note)
                hits[position] += sum(folded_note.count(word) for word in words)
        return hits

    def _result(
        self, position: int, words: list[str], in_title: bool, hits: int, notes: dict[int, str]
    ) -> Result:
        entry = self.entries[position]
        note = notes.get(position, "")
        in_body = any(word in entry.folded_text for word in words)
        source = entry.text if in_body or not note else note
        snippet, spans = _snippet(source, words)
        return Result(
            entry.topic,
            in_title,
            snippet,
            spans,
            hits,
            in_note=not in_body and bool(note) and source is note,
        )


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

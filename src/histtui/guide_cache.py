"""A cache of checked guides in the user cache folder, so that a big guide opens quickly.

Plain Python with no Textual import. Parsing and checking 12 MB of TOML takes seconds on a
school machine; reading back the same guide as JSON takes a small fraction of that. The
cache is only ever a shortcut to the result `load_guide` would give:

* it is written only after a guide loaded with no problems, so a guide with problems is
  always parsed and reported in full;
* it is used only when the guide file's size, mtime and CRC-32 of its bytes (read every
  time), the histtui version and the code that reads guides all match what it was made
  from, and its own contents still match their length and CRC-32 (these guard against
  accidental change, as SHA-256 did at five times the cost: 22 ms at every start of a
  5,000-topic guide; the cache folder is the student's own, written atomically);
* anything else (missing, stale, unreadable, corrupt, from another version) is ignored
  and written again, atomically; a cache folder that cannot be written is not an error.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from histtui import __version__, guide, textclean
from histtui.filesafety import write_atomic
from histtui.guide import (
    Card,
    CaseStudy,
    Chapter,
    Event,
    Guide,
    GuideError,
    Level,
    Question,
    Source,
    SubQuestion,
    Topic,
    Unit,
)

FORMAT = 4
"""The layout of a cache file; change it whenever `encode`/`decode` change."""


def load_guide_cached(path: Path, folder: Path, raw: bytes | None = None) -> Guide:
    """The guide at `path`, as `load_guide` gives it, through a cache file in `folder`.

    `raw` is the guide's bytes when they do not come from a file (the guide bundled inside
    histtui.pyz): then its CRC-32 and length alone tell whether the cache still matches.
    """
    mtime_ns = 0
    if raw is None:
        try:
            mtime_ns = path.stat().st_mtime_ns
            raw = path.read_bytes()
        except OSError as error:
            raise GuideError(
                [f"{path}: cannot read the guide: {error.strerror or error}"]
            ) from None
    key = {
        "format": FORMAT,
        "histtui": __version__,
        "code": _code_fingerprint(),
        "size": len(raw),
        "mtime_ns": mtime_ns,
        "crc32": zlib.crc32(raw),
    }
    cache = folder / f"{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:32]}.json"
    with _no_gc():
        cached = _read(cache, key, path)
        if cached is not None:
            return cached
        loaded = guide_from_bytes(raw, path)
    _write(cache, key, loaded)
    return loaded


def guide_from_bytes(raw: bytes, path: Path) -> Guide:
    """Parse and check a guide (guide_check, with tomllib, imported only when the cache misses)."""
    from histtui.guide_check import guide_from_bytes as parse

    return parse(raw, path)


def writable_folder(folder: Path) -> bool:
    """Whether `folder` exists or can be made, and files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def encode(loaded: Guide) -> list[Any]:
    """A guide as nested JSON lists."""
    return [
        loaded.id,
        loaded.title,
        [
            [
                unit.id,
                unit.title,
                [
                    [
                        chapter.id,
                        chapter.title,
                        chapter.number,
                        [
                            [
                                topic.id,
                                topic.title,
                                topic.body,
                                [[card.front, card.back] for card in topic.cards],
                                [[event.date, event.text] for event in topic.events],
                            ]
                            for topic in chapter.topics
                        ],
                        [
                            [q.kind, q.prompt, q.answer, q.skill, q.source]
                            for q in chapter.questions
                        ],
                        [_encode_case_study(study) for study in chapter.case_studies],
                    ]
                    for chapter in unit.chapters
                ],
            ]
            for unit in loaded.units
        ],
    ]


def decode(data: list[Any], path: Path | None, details: memoryview | None = None) -> Guide:
    """The guide `encode` made `data` from; or, with `details`, the guide `_split` made
    `data` and `details` from, whose topics read their text when first used."""
    guide_id, title, units = data

    def topics(entries: list[list[Any]]) -> list[Topic]:
        if details is not None:
            return [
                _LazyTopic(topic_id, topic_title, start, end, details)
                for topic_id, topic_title, start, end in entries
            ]
        return [
            Topic(
                topic_id,
                topic_title,
                body,
                [Card(front, back) for front, back in cards],
                [Event(date, text) for date, text in events],
            )
            for topic_id, topic_title, body, cards, events in entries
        ]

    return Guide(
        guide_id,
        title,
        [
            Unit(
                unit_id,
                unit_title,
                [
                    Chapter(
                        chapter_id,
                        chapter_title,
                        number,
                        topics(entries),
                        [Question(*question) for question in questions],
                        [_decode_case_study(study) for study in case_studies],
                    )
                    for chapter_id, chapter_title, number, entries, questions, case_studies in (
                        chapters
                    )
                ],
            )
            for unit_id, unit_title, chapters in units
        ],
        path,
    )


class _LazyTopic(Topic):
    """A cached topic whose body, cards and events are decoded when first used.

    Opening a 5,000-topic guide needs only its titles and ids; its text (12 MB) is decoded
    topic by topic as the student opens them, or all at once by the search and the timeline.
    """

    def __init__(
        self, topic_id: str, title: str, start: int, end: int, details: memoryview
    ) -> None:
        # Topic's fields, without Topic.__init__ (which would set the text it leaves to later).
        self.id = topic_id
        self.title = title
        self._span = (details, start, end)
        self._body: str | None = None
        self._cards: list[Card] = []
        self._events: list[Event] = []

    def _decode(self) -> None:
        details, start, end = self._span
        body, cards, events = json.loads(bytes(details[start:end]))
        self._cards = [Card(front, back) for front, back in cards]
        self._events = [Event(date, text) for date, text in events]
        self._body = body

    @property
    def body(self) -> str:
        if self._body is None:
            self._decode()
        assert self._body is not None
        return self._body

    @body.setter
    def body(self, value: str) -> None:
        self._body = value

    @property
    def cards(self) -> list[Card]:
        if self._body is None:
            self._decode()
        return self._cards

    @cards.setter
    def cards(self, value: list[Card]) -> None:
        self._cards = value

    @property
    def events(self) -> list[Event]:
        if self._body is None:
            self._decode()
        return self._events

    @events.setter
    def events(self, value: list[Event]) -> None:
        self._events = value


def _split(encoded: list[Any]) -> tuple[list[Any], bytes]:
    """`encode`'s output as a skeleton, whose topics are [id, title, start, end], and the
    topics' [body, cards, events] as JSON, one after another: `details[start:end]`."""
    pieces: list[bytes] = []
    offset = 0
    guide_id, title, units = encoded
    skeleton_units = []
    for unit_id, unit_title, chapters in units:
        skeleton_chapters = []
        for chapter_id, chapter_title, number, topics, questions, case_studies in chapters:
            entries = []
            for topic_id, topic_title, body, cards, events in topics:
                piece = _dumps([body, cards, events])
                pieces.append(piece)
                entries.append([topic_id, topic_title, offset, offset + len(piece)])
                offset += len(piece)
            skeleton_chapters.append(
                [chapter_id, chapter_title, number, entries, questions, case_studies]
            )
        skeleton_units.append([unit_id, unit_title, skeleton_chapters])
    return [guide_id, title, skeleton_units], b"".join(pieces)


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _encode_case_study(study: CaseStudy) -> list[Any]:
    """A case study as nested JSON lists."""
    return [
        study.id,
        study.title,
        study.inquiry,
        study.marks,
        study.context,
        [[s.letter, s.kind, s.provenance, s.text, s.original] for s in study.sources],
        [
            [
                q.skill,
                list(q.sources),
                q.marks,
                q.prompt,
                q.answer,
                [[level.level, level.low, level.high, level.text] for level in q.levels],
            ]
            for q in study.questions
        ],
    ]


def _decode_case_study(data: list[Any]) -> CaseStudy:
    """The case study `_encode_case_study` made `data` from."""
    study_id, title, inquiry, marks, context, sources, questions = data
    return CaseStudy(
        study_id,
        title,
        inquiry,
        marks,
        context,
        [Source(*source) for source in sources],
        [
            SubQuestion(
                skill,
                tuple(letters),
                question_marks,
                prompt,
                answer,
                tuple(Level(*level) for level in levels),
            )
            for skill, letters, question_marks, prompt, answer, levels in questions
        ],
    )


def _read(cache: Path, key: dict[str, Any], path: Path) -> Guide | None:
    """The cached guide if the cache is whole and matches `key`, else None."""
    try:
        content = cache.read_bytes()
    except OSError:
        return None
    # A memoryview, so that the 11 MB of a big guide's text are never copied, only checked.
    newline = content.find(b"\n")
    payload = memoryview(content)[newline + 1 :]
    try:
        stored = json.loads(content[:newline])
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        if stored.get("payload_length") != len(payload):
            return None
        if stored.get("payload_crc32") != zlib.crc32(payload):
            return None
        skeleton_length = stored["skeleton_length"]
        skeleton = json.loads(bytes(payload[:skeleton_length]))
        # The topics' text is checked (CRC-32 above) now and decoded when first used.
        return decode(skeleton, path, payload[skeleton_length:])
    except (ValueError, TypeError, AttributeError, KeyError):
        # Not JSON, or JSON of another shape: treat it as missing; it is written again.
        return None


def _write(cache: Path, key: dict[str, Any], loaded: Guide) -> None:
    """Write the cache atomically; give up quietly if we cannot."""
    skeleton, details = _split(encode(loaded))
    head = _dumps(skeleton)
    payload = head + details
    header = json.dumps(
        {
            "key": key,
            "payload_length": len(payload),
            "payload_crc32": zlib.crc32(payload),
            "skeleton_length": len(head),
        }
    )
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, header.encode() + b"\n" + payload)
    except OSError:
        # A read-only or full cache folder only costs speed: the next start parses again.
        return


_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """A hash of the code that reads and checks guides, so that changing it empties the cache."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256()
        # The checking modules by file, so that a cache hit need not import them.
        here = Path(guide.__file__ or "")
        for source in (
            here,
            here.with_name("guide_toml.py"),
            here.with_name("case_study_check.py"),
            here.with_name("guide_check.py"),
            Path(textclean.__file__ or ""),
        ):
            try:
                digest.update(source.read_bytes())
            except OSError:
                digest.update(source.name.encode())
        _fingerprint = digest.hexdigest()
    return _fingerprint


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector while building a guide's many objects (none are garbage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

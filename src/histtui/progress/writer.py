"""The progress file's TOML text, written a record at a time."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tomli_w

from histtui.progress.records import COLLECTIONS, Record

if TYPE_CHECKING:
    from histtui.progress.model import Progress


@dataclass
class _Written:
    """One collection as last written: its records, their keys in order, and their text."""

    records: dict[str, Record]
    keys: list[str]
    texts: list[str]


def _text(name: str, key: str, record: Record) -> str:
    return tomli_w.dumps({name: {key: record.to_toml()}})


class TomlWriter:
    """Writes a progress file's text with tomli_w, one record at a time, reusing the text
    of every record that has not changed since the last save.

    With thousands of topic records a save changes one or two of them; formatting all of
    them again (most of it their datetimes) is what made saving slow, and so did making the
    whole document and comparing it, record by record, with the last one. A record is
    written again only when it is another object than the one last written: records are
    never changed, only replaced (records.py). The text is what
    `tomli_w.dumps(progress.to_toml())` writes, byte for byte (tests/test_progress_saving.py).
    """

    def __init__(self) -> None:
        self._written: dict[str, _Written] = {}

    def dumps(self, progress: Progress) -> str:
        """The TOML text of `progress`."""
        parts = [tomli_w.dumps(progress.header_toml())]
        for name in COLLECTIONS:
            collection: dict[str, Record] = getattr(progress, name)
            if not collection:
                self._written.pop(name, None)
                parts.append(tomli_w.dumps({name: {}}))
                continue
            written = self._written.get(name)
            if written is None or not self._update(name, written, collection):
                written = self._write_all(name, collection, written)
                self._written[name] = written
            parts.extend(written.texts)
        return "\n".join(parts)

    @staticmethod
    def _update(name: str, written: _Written, collection: dict[str, Record]) -> bool:
        """Bring `written` up to date with `collection` where records were replaced or
        added; False if one was removed (then `written` is consistent, but not up to date)."""
        records = written.records
        if len(collection) < len(records):
            return False
        changed = [key for key, record in collection.items() if records.get(key) is not record]
        keys, texts = written.keys, written.texts
        for key in changed:
            record = collection[key]
            position = bisect_left(keys, key)
            if key in records:
                texts[position] = _text(name, key, record)
            else:
                keys.insert(position, key)
                texts.insert(position, _text(name, key, record))
            records[key] = record
        return len(records) == len(collection)

    @staticmethod
    def _write_all(name: str, collection: dict[str, Record], before: _Written | None) -> _Written:
        """Every record of `collection`, reusing what `before` wrote of records unchanged."""
        records = before.records if before else {}
        earlier: dict[str, str] = (
            dict(zip(before.keys, before.texts, strict=True)) if before else {}
        )
        keys = sorted(collection)
        texts = [
            earlier[key]
            if records.get(key) is collection[key]
            else _text(name, key, collection[key])
            for key in keys
        ]
        return _Written(dict(collection), keys, texts)

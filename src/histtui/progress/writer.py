"""The progress file's TOML text, written a record at a time."""

from __future__ import annotations

from typing import Any

import tomli_w

from histtui.progress.records import COLLECTIONS


class TomlWriter:
    """Writes a progress document with tomli_w, one record at a time, reusing the text of
    every record that has not changed since the last save.

    With thousands of topic records a save changes one or two of them; formatting all of
    them again (most of it their datetimes) is what made saving slow. The top of the
    document (format, guide, settings, the review log) is written whole each time, then
    each collection's records as `[collection."key"]` tables.
    """

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}

    def dumps(self, document: dict[str, Any]) -> str:
        """The TOML text of a progress document (Progress.to_toml())."""
        top = {name: value for name, value in document.items() if name not in COLLECTIONS}
        parts = [tomli_w.dumps(top)]
        records: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for name in COLLECTIONS:
            collection = document.get(name, {})
            if not collection:
                parts.append(tomli_w.dumps({name: {}}))
            for key, table in collection.items():
                before = self._records.get((name, key))
                if before is not None and before[0] == table:
                    text = before[1]
                else:
                    text = tomli_w.dumps({name: {key: table}})
                records[name, key] = (table, text)
                parts.append(text)
        # Keep only this document's records, so the cache never outgrows the file.
        self._records = records
        return "\n".join(parts)

"""Where each table and key stands in a guide's TOML, and the checks every table shares.

Plain Python with no Textual import. tomllib gives values without line numbers, so
`find_places` finds where each table and key starts, and `TomlChecker` reports problems
at those lines. The checks of a guide's parts build on it (case_study_check, guide_check).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from histtui.guide import SLUG
from histtui.textclean import clean_text

# No lazy or nested repeats: a long line must not make these slow (no catastrophic backtracking).
_ARRAY_HEADER = re.compile(r"^\s*\[\[([^\]]+)\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[([^\]]+)\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*)$")


@dataclass
class Place:
    """Where a table starts, and the line of each of its keys."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)


def find_places(text: str) -> dict[str, list[Place]]:
    """Map each table path ("" for the top, "units.chapters", ...) to where its tables start."""
    places: dict[str, list[Place]] = {"": [Place(1)]}
    current = places[""][0]
    closing: str | None = None
    # TOML counts lines by "\n" alone (str.splitlines would also split at \x1c, \u2028, ...).
    for number, line in enumerate(text.split("\n"), start=1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if header := _ARRAY_HEADER.match(line) or _TABLE_HEADER.match(line):
            path = ".".join(part.strip() for part in header[1].split("."))
            current = Place(number)
            places.setdefault(path, []).append(current)
            continue
        if key := _KEY.match(line):
            current.keys.setdefault(key[1], number)
            value = key[2]
            for quotes in ('"""', "'''"):
                if value.startswith(quotes) and value.count(quotes) == 1:
                    closing = quotes
                    break
    return places


def brief(text: str, limit: int = 40) -> str:
    """Guide text quoted in a problem: without control codes, anything else unprintable
    (such as a line separator, which would split the problem's line) shown escaped, and
    cut short if it is long."""
    text = clean_text(text)
    text = text if len(text) <= limit else f"{text[:limit]}…"
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def deepest_line(text: str, limit: int = 100) -> int:
    """The line where brackets first nest deeper than `limit` (1 if they never do).

    A rough count that skips quoted strings on a line; it only has to point the teacher
    at the right place when the TOML parser gives up on very deep nesting.
    """
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for part in re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", line):
            if part in "[{":
                depth += 1
                if depth > limit:
                    return number
            elif part in "]}":
                depth -= 1
    return 1


class TomlChecker:
    """Collects problems, one line each with the file and line, while tables are read."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.places = find_places(text)
        self.seen: dict[str, dict[str, int]] = {}
        self.counters: dict[str, int] = {}
        self.problems: list[str] = []
        self.ids: dict[str, int] = {}

    def place(self, path: str, count: int, parent: Place) -> list[Place]:
        """The places of `count` tables at `path`, or the parent's where they can't be found."""
        start = self.counters.get(path, 0)
        self.counters[path] = start + count
        found = self.places.get(path, [])[start : start + count]
        return found if len(found) == count else [parent] * count

    def report(self, place: Place, where: str, message: str, key: str | None = None) -> None:
        line = place.keys.get(key, place.line) if key else place.line
        self.problems.append(clean_text(f"{self.name}:{line}: {where}{message}"))

    def table_list(
        self, table: dict[str, Any], key: str, path: str, place: Place, where: str
    ) -> list[tuple[dict[str, Any], Place]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.report(place, where, f"{key} must be a list of tables ([[{path}]])", key)
            return []
        return list(zip(value, self.place(path, len(value), place), strict=True))

    def string(
        self,
        table: dict[str, Any],
        key: str,
        place: Place,
        where: str,
        required: bool = True,
    ) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.report(place, where, f"missing {key}")
            return ""
        if not isinstance(value, str):
            self.report(place, where, f"{key} must be a string", key)
            return ""
        value = clean_text(value).strip()
        if not value and required:
            self.report(place, where, f"empty {key}", key)
        return value

    def unknown_keys(
        self, table: dict[str, Any], allowed: set[str], place: Place, where: str
    ) -> None:
        for key in table:
            if key not in allowed:
                self.report(place, where, f"unknown key {brief(key)!r}", key)

    def identity(self, table: dict[str, Any], place: Place, kind: str) -> tuple[str, str]:
        """The id and title of a unit, chapter or topic, checked for shape and uniqueness."""
        raw_id = table.get("id")
        where = f'{kind} "{brief(raw_id)}": ' if isinstance(raw_id, str) else f"{kind}: "
        topic_id = self.string(table, "id", place, where)
        if topic_id:
            line = place.keys.get("id", place.line)
            if not SLUG.match(topic_id):
                self.report(
                    place, where, "id must be a slug (lowercase letters, digits, hyphens)", "id"
                )
            elif topic_id in self.ids:
                self.report(
                    place, where, f"duplicate id (first at line {self.ids[topic_id]})", "id"
                )
            else:
                self.ids[topic_id] = line
        title = self.string(table, "title", place, where)
        return topic_id, title

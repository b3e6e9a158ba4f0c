"""The student's own keys: a small TOML file mapping binding ids to keys (no Textual).

    # keys.toml, in histtui's config folder (`histtui check-config` says where)
    [keys]
    "reader.next" = "n,right"
    "reader.bookmark" = "B"

The ids are those of histtui's bindings (`histtui check-config` lists them); the app hands
the table to Textual's `App.set_keymap`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path

MOST_BYTES = 64 * 1024
"""A keymap is a few lines; a bigger file is not one."""


class KeymapError(Exception):
    """A keys file histtui cannot use, with what is wrong and where."""


def load_keymap(path: Path, known: Collection[str]) -> dict[str, str]:
    """The keymap in `path` ({} if there is no file); KeymapError says what is wrong."""
    try:
        if path.stat().st_size > MOST_BYTES:
            raise KeymapError(f"{path}: too big for a keys file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise KeymapError(f"{path}: cannot be read ({error})") from error
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KeymapError(f"{path}: not TOML: {error}") from error
    keys = document.get("keys", {})
    unknown_tables = sorted(set(document) - {"keys"})
    if unknown_tables:
        raise KeymapError(f"{path}: unknown setting {unknown_tables[0]!r} (only [keys])")
    if not isinstance(keys, dict):
        raise KeymapError(f"{path}: keys must be a table, e.g. [keys]")
    keymap: dict[str, str] = {}
    problems = []
    for binding_id, value in keys.items():
        if binding_id not in known:
            problems.append(f"unknown key id {binding_id!r}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f'{binding_id}: give the keys as a string, e.g. "n,right"')
        else:
            keymap[binding_id] = value.replace(" ", "")
    if problems:
        raise KeymapError(f"{path}: " + "; ".join(problems))
    return keymap

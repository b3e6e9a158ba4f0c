"""The student's own keys: a small TOML file mapping binding ids to keys (no Textual).

    # keys.toml, in histtui's config folder (`histtui check-config` says where)
    [keys]
    "reader.next" = "n,right"
    "reader.bookmark" = "B"

The ids are those of histtui's bindings (`histtui check-config` lists them); the app hands
the table to Textual's `App.set_keymap`. The file is read by settingsfile.read_settings, as
config.toml is.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from histtui.settingsfile import SettingsError, read_settings
from histtui.statefile import shown


class KeymapError(Exception):
    """A keys file histtui cannot use, with what is wrong and where."""


def load_keymap(path: Path, known: Collection[str]) -> dict[str, str]:
    """The keymap in `path` ({} if there is no file); KeymapError says what is wrong."""
    try:
        document = read_settings(path)
    except SettingsError as error:
        raise KeymapError(str(error)) from error
    if document is None:
        return {}
    keys = document.get("keys", {})
    unknown_tables = sorted(set(document) - {"keys"})
    if unknown_tables:
        raise KeymapError(f"{shown(path)}: unknown setting {unknown_tables[0]!r} (only [keys])")
    if not isinstance(keys, dict):
        raise KeymapError(f"{shown(path)}: keys must be a table, e.g. [keys]")
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
        raise KeymapError(f"{shown(path)}: " + "; ".join(problems))
    return keymap

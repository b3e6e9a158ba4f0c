"""Make untrusted text safe to show in a terminal."""

from __future__ import annotations

import re

# Escape sequences first (so their printable tails go too), then lone control characters.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]             # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC ... BEL or ST
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?      # DCS, SOS, PM, APC ... ST
    | \x1b[@-Z\\-_]                      # two-character escapes
    | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    """,
    re.VERBOSE,
)
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf"
"""Pictographs and dingbats: what a zero-width joiner joins in an emoji sequence."""

# C0 controls except tab and newline, DEL, C1 controls, the bidi embeddings, overrides,
# isolates and marks that can make text read differently from how it is stored, and the
# invisible characters that hide inside words: zero-width space, non-joiner, word joiner,
# a byte order mark inside the text. A zero-width joiner goes too, except between two
# emoji (after a variation selector or skin tone), where it makes a family 👨‍👩‍👧 of three.
# Persian and Indic words written with a joiner or non-joiner lose it: terminals do not
# shape those scripts anyway, and the letters are all still there.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060"
    f"\u2066-\u2069\ufeff]|(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])"
)


def clean_text(text: str) -> str:
    """Return `text` without terminal escape sequences, control characters, bidi overrides
    and marks, or zero-width characters (but for the joiners inside emoji sequences)."""
    # Every character removed is unprintable to Python (categories Cc and Cf), so text that
    # is all printable has none of them.
    if text.isprintable():
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n")))


def escape_unprintable(text: str) -> str:
    """`text` with every character Python deems unprintable (escapes, controls, a line
    separator, an undecodable byte of a file name) written as a `\\x1b`-style escape, so it
    shows as one line and means nothing to the terminal; for file names, which must stay
    recognisable rather than be cleaned."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

"""Inputs histtui does not control: what `--state`, `--guide`, `--out`, the environment and
a guide's text may hold, set up for real (files, devices, FIFOs, processes)."""

from __future__ import annotations

from histtui.guide import parse_guide
from histtui.textclean import clean_text

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"


def test_zero_width_characters_and_bidi_marks_are_removed_but_emoji_keep_their_joiners():
    for char in INVISIBLE:
        assert clean_text(f"Ver{char}sailles") == "Versailles", hex(ord(char))
        assert not char.isprintable()  # so the all-printable fast path cannot skip them
    family, fire_heart = "👨\u200d👩\u200d👧", "❤\ufe0f\u200d🔥"
    assert clean_text(f"{family} {fire_heart}\u200d") == f"{family} {fire_heart}"
    guide = parse_guide(
        'format = 1\nid = "g"\ntitle = "Tr\u200beaty\u202e"\n[[units]]\nid = "u"\n'
        'title = "U"\n[[units.chapters]]\nid = "c"\ntitle = "C\u2060"\n'
        '[[units.chapters.topics]]\nid = "t"\ntitle = "T\u200f"\nbody = "A\u200dB \ufeff"\n'
    )
    assert guide.title == "Treaty"
    assert guide.chapters[0].title == "C"
    assert guide.topics[0].title == "T"
    assert guide.topics[0].body.strip() == "AB"

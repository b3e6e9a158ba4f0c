"""Inputs histtui does not control: what `--state`, `--guide`, `--out`, the environment and
a guide's text may hold, set up for real (files, devices, FIFOs, processes)."""

from __future__ import annotations

import io

from rich.console import Console

from histtui.guide import parse_guide
from histtui.textclean import clean_text
from histtui.widgets.notes_markdown import render_markdown

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


def test_links_in_notes_are_shown_as_text_and_address_never_as_terminal_hyperlinks():
    markdown = (
        "See [the treaty](http://example.org/versailles) and [this](javascript:alert(1)).\n\n"
        "- <https://example.org/auto>\n"
    )
    console = Console(width=80, force_terminal=True, color_system="truecolor", file=io.StringIO())
    renderable = render_markdown(markdown)
    segments = list(console.render(renderable))
    assert not [segment for segment in segments if segment.style and segment.style.link]
    with console.capture() as capture:
        console.print(renderable)
    output = capture.get()
    assert "\x1b]8;" not in output
    plain = "".join(segment.text for segment in segments)
    assert "the treaty (http://example.org/versailles)" in plain
    assert "[this](javascript:alert(1))" in plain  # markdown-it never makes it a link

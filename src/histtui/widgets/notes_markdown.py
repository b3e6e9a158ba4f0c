"""Notes in the Markdown a guide is written in, drawn exactly as `rich.markdown` draws them.

`rich.markdown.Markdown` brings markdown-it and pygments with it: about 3 MiB of a
student's memory and 25 ms of start, for the four things a guide's notes use (headings,
bullets, paragraphs, bold and italic; docs/guide-format.md). `render_markdown` draws text
made only of those itself, segment for segment as `Markdown` would (the tests compare
the two over the whole bundled guide), and hands anything else (a table, a link, a code
block, a numbered list...) to `Markdown`, which is imported only then. Links are drawn as
their text followed by their address in brackets, never as terminal hyperlinks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

HEADING = re.compile(r"(#{1,6})[ ]+(\S.*)")
"""An ATX heading: one to six #, a space, then the words (not ending in #)."""

OPENS = r"(?<![\w*])"
CLOSES = r"(?![\w*])"
MARKS = re.compile(
    "|".join(
        rf"{OPENS}{marks}(?=[^\s*])(?P<{kind}>[^*]+?)(?<=\S){marks}{CLOSES}"
        for kind, marks in (("both", r"\*\*\*"), ("strong", r"\*\*"), ("em", r"\*"))
    )
)
"""`***both***`, `**bold**` and `*italic*` where CommonMark would read them the same way
for certain: the opening marks follow a space, punctuation or the start, the closing ones
come before a space, punctuation or the end, and there is no other asterisk inside."""

BEYOND = re.compile(r"[`\\<\[\]_~|\t\r]|&#?\w+;|!\[")
"""Characters that may start Markdown this module does not draw (code, escapes, HTML,
links, underscores, strike-through, tables, entities, images)."""

LINE_BEYOND = re.compile(r"\s*(?:[-*_=+]\s*)+$|[*+] |>|\d+[.)]|#")
"""Lines that may start a block this module does not draw: rules and setext underlines,
other bullets, quotes, numbered lists, and any # that is not a plain heading."""


def starts_block(line: str) -> bool:
    """Whether `line` (without its indent) would open a block: a heading, list, quote..."""
    return line.startswith("- ") or bool(HEADING.match(line) or LINE_BEYOND.match(line))


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6), a paragraph (level 0), or a bullet list's items."""

    level: int
    spans: tuple[tuple[str, str], ...] = ()
    """The words, as (text, "" or "strong" or "em" or "both") runs."""
    items: tuple[tuple[tuple[str, str], ...], ...] = ()


def inline(text: str) -> tuple[tuple[str, str], ...] | None:
    """`text` as runs of plain, strong and emphasised words; None if it holds more."""
    if BEYOND.search(text):
        return None
    runs: list[tuple[str, str]] = []
    position = 0
    for match in MARKS.finditer(text):
        if match.start() > position:
            runs.append((text[position : match.start()], ""))
        kind = match.lastgroup or ""
        runs.append((match[kind], kind))
        position = match.end()
    rest = text[position:]
    if rest:
        runs.append((rest, ""))
    if any("*" in run for run, _ in runs):
        return None
    return tuple(runs)


def parse(markdown: str) -> list[Block] | None:
    """The blocks of `markdown`, or None if it uses anything beyond the guide's subset."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    blank_after_item = False

    def close() -> bool:
        nonlocal paragraph, items
        if paragraph:
            spans = inline(" ".join(paragraph))
            if spans is None:
                return False
            blocks.append(Block(0, spans))
        if items:
            parsed = [inline(" ".join(item)) for item in items]
            if any(spans is None for spans in parsed):
                return False
            blocks.append(Block(0, items=tuple(spans for spans in parsed if spans is not None)))
        paragraph, items = [], []
        return True

    for raw in markdown.split("\n"):
        line = raw.strip(" ")
        if not line:
            if paragraph and not close():
                return None
            blank_after_item = bool(items)
            continue
        if raw.endswith("  "):
            return None  # a hard line break
        if raw.startswith(" "):
            if not items or blank_after_item or starts_block(line):
                return None  # indented code, a block in a list item, or its second paragraph
            items[-1].append(line)
            continue
        if line.startswith("- "):
            content = line[2:]
            if content.startswith("    ") or starts_block(content.strip(" ")):
                return None  # code or another block inside a list item
            if paragraph and not close():
                return None
            items.append([content.strip(" ")])
            blank_after_item = False
            continue
        heading = HEADING.fullmatch(line)
        if heading is not None and not heading[2].endswith("#"):
            if not close():
                return None
            spans = inline(heading[2].strip(" "))
            if spans is None:
                return None
            blocks.append(Block(len(heading[1]), spans))
            blank_after_item = False
            continue
        if LINE_BEYOND.match(line):
            return None
        if items and not blank_after_item:
            items[-1].append(line)  # a "lazy" line: it continues the item
            continue
        if items and not close():
            return None
        paragraph.append(line)
    if not close():
        return None
    return blocks


ALIGN: dict[int, JustifyMethod] = {1: "center"}
"""How rich.markdown justifies headings: the first level centred, the rest on the left."""


class Notes:
    """Blocks of notes, rendered with the styles and spacing of `rich.markdown.Markdown`."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.update(height=None)
        base = console.get_style("none")
        strong = console.get_style("markdown.strong", default="none")
        em = console.get_style("markdown.em", default="none")

        def text(spans: tuple[tuple[str, str], ...], style: Style) -> Text:
            styles = {"": style, "strong": style + strong, "em": style + em}
            styles["both"] = styles["em"] + strong  # as CommonMark nests them
            text = Text(justify="left")
            for words, kind in spans:
                text.append(words, styles[kind])
            return text

        paragraph = base + console.get_style("markdown.paragraph", default="none")
        item = base + console.get_style("markdown.item", default="none")
        in_item = item + console.get_style("markdown.paragraph", default="none")
        bullet = Segment(" • ", console.get_style("markdown.item.bullet", default="none"))
        padding = Segment("   ", bullet.style)
        new_line = Segment("\n")
        for number, block in enumerate(self.blocks):
            if number or block.items:
                # As rich.markdown does: a list is drawn when it closes, after its own
                # paragraphs have asked for a blank line before the next block.
                yield Segment.line()
            if block.items:
                item_options = options.update(width=options.max_width - 3)
                for spans in block.items:
                    lines = console.render_lines(text(spans, in_item), item_options, style=item)
                    for index, line in enumerate(lines):
                        yield bullet if index == 0 else padding
                        yield from line
                        yield new_line
            elif block.level:
                heading = base + console.get_style(f"markdown.h{block.level}", default="none")
                words = text(block.spans, heading)
                words.justify = ALIGN.get(block.level, "left")
                yield from console.render(words, options)
            else:
                yield from console.render(text(block.spans, paragraph), options)


def render_markdown(markdown: str) -> RenderableType:
    """`markdown` drawn as rich.markdown draws it; by rich.markdown itself beyond the subset."""
    blocks = parse(markdown)
    if blocks is not None:
        return Notes(blocks)
    from rich.markdown import Markdown

    # A link is drawn as its words and then its address, "text (address)": never as a
    # terminal hyperlink (OSC 8), which would take a click to wherever a guide points.
    return Markdown(markdown, hyperlinks=False)

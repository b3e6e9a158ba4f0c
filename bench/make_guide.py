"""Write a synthetic histtui guide of any size, for the benchmarks.

    python bench/make_guide.py OUT.toml [--topics 5000] [--words 150]
        [--long-words 3000 --long-every 2] [--per-chapter 100]

The guide has the bundled guide's shape (units of chapters of topics, each topic a Markdown
body with sections, bold bullet points and a figure, plus flashcards and dated events), so
it loads, validates and renders like a real one. 5,000 topics of the default length come
to about 12 MB of TOML. The text is made of ordinary words from a fixed seed, so the same
arguments always write the same file.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (  # noqa: SIM905 (easier to read and edit as prose)
    "the treaty of versailles army navy reparations league nations germany britain france "
    "soviet union stalin hitler war peace crisis economy depression propaganda election "
    "government party leaders conference alliance invasion border empire revolution workers "
    "peasants collectivisation industry plan purges terror police control support opposition "
    "korea cuba missile blockade containment truman doctrine marshall aid berlin airlift "
    "wall summit detente reform collapse communism capitalism democracy dictatorship rearmament "
    "appeasement sudetenland poland pact fleet pacific japan manchuria china attack defeat "
    "victory surrender atomic bomb bombing campaign resistance casualties civilians soldiers "
    "because therefore however although meanwhile so which who when while after before"
).split()

TITLE_WORDS = (  # noqa: SIM905 (easier to read and edit as prose)
    "Rise Fall Causes Effects Aims Terms Impact Reasons Road Crisis Collapse Origins Response "
    "Failure Success Role Policy Reforms Consequences Outbreak Defeat Victory Legacy Growth"
).split()
PLACES = (  # noqa: SIM905 (easier to read and edit as prose)
    "Germany Britain France Russia Japan Korea Cuba Berlin Europe Asia Poland China Italy "
    "Manchuria Moscow Washington Vienna Paris Munich Yalta Potsdam Inchon Havana"
).split()

FIXED_SEED = 6


def sentence(rng: random.Random, words: int) -> str:
    """A sentence of `words` words, with one phrase in bold."""
    chosen = [rng.choice(WORDS) for _ in range(words)]
    start = rng.randrange(max(1, words - 2))
    chosen[start] = f"**{chosen[start].capitalize()}"
    chosen[start + 1] = f"{chosen[start + 1]}**"
    chosen[0] = (
        chosen[0][:2].upper() + chosen[0][2:]
        if chosen[0].startswith("**")
        else (chosen[0].capitalize())
    )
    return " ".join(chosen) + "."


def body(rng: random.Random, words: int) -> str:
    """A topic body of about `words` words: sections of bullet points and one figure."""
    sections = max(1, min(4, words // 150))
    per_section = words // sections
    lines: list[str] = []
    for number in range(sections):
        if lines:
            lines.append("")
        lines.append(f"## {rng.choice(TITLE_WORDS)} in {rng.choice(PLACES)} ({number + 1})")
        lines.append("")
        if number == 0:
            lines.append(f"![Photograph: {rng.choice(PLACES)} in {rng.randint(1918, 1991)}]()")
            lines.append("")
        left = per_section
        while left > 0:
            size = min(left, rng.randint(25, 45))
            lines.append("- " + sentence(rng, max(size, 3)))
            left -= size
    return "\n".join(lines)


def quoted(text: str) -> str:
    """A TOML basic string (the generated text has no quotes or backslashes)."""
    return f'"{text}"'


def guide_text(
    topics: int = 5000,
    words: int = 150,
    long_words: int | None = None,
    long_every: int = 0,
    per_chapter: int = 100,
    seed: int = FIXED_SEED,
) -> str:
    """The TOML of a guide of `topics` topics of about `words` words each.

    With `long_words`, every `long_every`-th topic (chosen at random, with the same share
    overall) has that many words instead, so that short and long topics come in a shuffled
    order for the `n` benchmark.
    """
    rng = random.Random(seed)
    chapters = max(1, -(-topics // per_chapter))
    units = max(1, min(4, chapters // 3 or 1))
    out: list[str] = [
        "# A synthetic guide written by bench/make_guide.py for the benchmarks.",
        "format = 1",
        'id = "bench-guide"',
        f"title = {quoted(f'Benchmark Guide: {topics} Topics')}",
    ]
    made = 0
    unit_index = -1
    for chapter_index in range(chapters):
        if chapter_index * units // chapters != unit_index:
            unit_index = chapter_index * units // chapters
            out += ["", "[[units]]", f'id = "unit-{unit_index + 1}"']
            out.append(f"title = {quoted(f'Unit {unit_index + 1} of the Benchmark Guide')}")
        out += ["", "[[units.chapters]]", f'id = "chapter-{chapter_index + 1}"']
        place = PLACES[chapter_index % len(PLACES)]
        out.append(f"title = {quoted(f'{place} and the World, Part {chapter_index + 1}')}")
        count = min(per_chapter, topics - made)
        for _ in range(count):
            made += 1
            length = words
            if long_words and long_every and rng.randrange(long_every) == 0:
                length = long_words
            title = f"{rng.choice(TITLE_WORDS)} of {rng.choice(PLACES)} {made}"
            out += ["", "[[units.chapters.topics]]", f'id = "topic-{made}"']
            out.append(f"title = {quoted(title)}")
            out.append(f'body = """\n{body(rng, length)}\n"""')
            for card in range(3):
                out += ["", "[[units.chapters.topics.cards]]"]
                out.append(f"front = {quoted(sentence(rng, 10).replace('.', '?'))}")
                out.append(f"back = {quoted(sentence(rng, 18 + card))}")
            for _ in range(2):
                year = rng.randint(1918, 1991)
                month = rng.randint(1, 12)
                out += ["", "[[units.chapters.topics.events]]"]
                out.append(f'date = "{year}-{month:02d}"')
                out.append(f"text = {quoted(sentence(rng, 8))}")
        out += ["", "[[units.chapters.questions]]", 'kind = "essay"']
        out.append(f"prompt = {quoted(f'How far did events in {place} change the world?')}")
        out.append('answer = "- Weigh the causes against the consequences."')
    return "\n".join(out) + "\n"


def write_guide(path: Path, **options: int | None) -> Path:
    """Write a generated guide to `path` and return the path."""
    path.write_text(guide_text(**options), encoding="utf-8")  # type: ignore[arg-type]
    return path


def main() -> None:
    """Command line: write one guide."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--topics", type=int, default=5000)
    parser.add_argument("--words", type=int, default=150)
    parser.add_argument("--long-words", type=int, default=None)
    parser.add_argument("--long-every", type=int, default=0)
    parser.add_argument("--per-chapter", type=int, default=100)
    args = parser.parse_args()
    write_guide(
        args.out,
        topics=args.topics,
        words=args.words,
        long_words=args.long_words,
        long_every=args.long_every,
        per_chapter=args.per_chapter,
    )
    size = args.out.stat().st_size
    print(f"{args.out}: {args.topics} topics, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

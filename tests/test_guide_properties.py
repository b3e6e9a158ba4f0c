"""Property-based: whatever a teacher writes, histtui reports problems with file and line,
and never shows a traceback.

Guides are generated as TOML documents with wrong types, missing and duplicate ids, empty,
enormous and control-laden strings and unknown keys, then sometimes broken as text
(truncated, spliced, lines doubled or dropped), or nested very deeply.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from histtui.cli import main
from histtui.guide import Guide, GuideError
from histtui.guide_check import load_guide, parse_guide

# The strategies nest deeply, so their reprs are long; that is all this warning says.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Shrinking these documents takes minutes, so a failure is reported as generated; the
# messages name the problem line, which is what matters.
QUICK: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "phases": [Phase.explicit, Phase.reuse, Phase.generate],
}

nasty = st.sampled_from(
    ["\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\u202eevil", "\x9b2J", "a\x00b", "\r", "\u2028"]
)
strings = st.one_of(
    st.sampled_from(["Treaty", "The Rise of Stalin", "", "   ", "Versailles\u2028Terms\x1c"]),
    st.text(max_size=20),
    st.builds(lambda a, b: a + b, st.text(max_size=5), nasty),
    st.builds(lambda: "x" * 20_000),  # built lazily: a huge repr is slow
    st.just("東京 مرحبا 👍 e\u0301"),
)
ids = st.one_of(
    st.sampled_from(["a", "b", "c", "unit-1", "Bad Id", "", "x-" * 200 + "y"]),
    st.builds(lambda a, b: a + b, st.sampled_from(["Bad Id", "", "a"]), nasty),
    strings,
)
wrong = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.lists(st.integers(), max_size=3),
    st.just({"nested": {"deeper": [1, 2]}}),
)
dates = st.one_of(
    st.sampled_from(["1924", "1924-01", "1924-01-21", "1924-02-30", "21 Jan 1924", ""]),
    st.dates(),
    st.integers(),
    wrong,
)


unknown_keys = st.one_of(
    st.sampled_from(["colour", "Title", "topic"]),
    st.text(min_size=1, max_size=8),
    st.builds(lambda: "k" * 5000),
)


MISSING = object()


def table(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[dict]:
    """A TOML table whose keys are usually right and sometimes missing, wrong or unknown."""
    keys = {
        **{
            key: st.one_of(value, value, value, wrong, st.just(MISSING))
            for key, value in required.items()
        },
        **{key: st.one_of(value, st.just(MISSING)) for key, value in optional.items()},
    }
    unknown = st.dictionaries(unknown_keys, strings, max_size=1)
    return st.builds(
        lambda known, extra: {**extra, **{k: v for k, v in known.items() if v is not MISSING}},
        st.fixed_dictionaries(keys),
        unknown,
    ).filter(lambda t: len(t) > 0)


def some(strategy: st.SearchStrategy[dict]) -> st.SearchStrategy[list[dict]]:
    """Usually one to three tables, now and then none."""
    return st.one_of(st.lists(strategy, min_size=1, max_size=3), st.just([]))


cards = some(table({"front": strings, "back": strings}, {}))
events = some(table({"date": dates, "text": strings}, {}))
topics = some(
    table(
        {"id": ids, "title": strings, "body": strings},
        {"cards": st.one_of(cards, wrong), "events": st.one_of(events, wrong)},
    )
)
questions = some(
    table(
        {"kind": st.sampled_from(["essay", "source", "quiz"]), "prompt": strings},
        {"answer": strings, "skill": strings, "source": strings},
    )
)
chapters = some(
    table(
        {"id": ids, "title": strings, "topics": topics}, {"questions": st.one_of(questions, wrong)}
    )
)
units = some(table({"id": ids, "title": strings, "chapters": chapters}, {}))
documents = table(
    {
        "format": st.sampled_from([1, 1, 1, 0, 2, -1]),
        "id": ids,
        "title": strings,
        "units": units,
    },
    {},
)


@st.composite
def broken(draw: st.DrawFn, text: str) -> str:
    """Break TOML text the way hand editing does."""
    lines = text.split("\n")
    how = draw(st.sampled_from(["keep", "keep", "keep", "truncate", "splice", "double", "drop"]))
    at = draw(st.integers(0, max(0, len(text) - 1)))
    if how == "truncate":
        return text[:at]
    if how == "splice":
        return (
            text[:at] + draw(st.sampled_from(["[", '"', "]]", "= =", "\n[[units]]\n"])) + text[at:]
        )
    line = draw(st.integers(0, len(lines) - 1))
    if how == "double":
        return "\n".join([*lines[: line + 1], *lines[line:]])
    if how == "drop":
        return "\n".join(lines[:line] + lines[line + 1 :])
    return text


@st.composite
def guide_texts(draw: st.DrawFn) -> str:
    """The text of a guide a teacher might write, usually wrong somewhere."""
    kind = draw(st.sampled_from(["document"] * 6 + ["deep", "garbage"]))
    if kind == "deep":
        depth = draw(st.integers(50, 3000))
        opener, closer = draw(st.sampled_from([("[", "]"), ("{a=", "}")]))
        return 'format = 1\nid = "g"\n' + "x = " + opener * depth + "1" + closer * depth + "\n"
    if kind == "garbage":
        return draw(st.text(max_size=200))
    return draw(broken(tomli_w.dumps(draw(documents))))


KEY_IN_PROBLEM = [
    re.compile(r"unknown key '([A-Za-z0-9_-]{1,40})…?'$"),
    re.compile(r": (\w+) must be "),
    re.compile(r": empty (\w+)$"),
    re.compile(r": (format) \d+ is newer"),
    re.compile(r": bad (date) "),
    re.compile(r": duplicate (id) "),
]


def check_line(problem: str, line: str, number: int) -> None:
    """The line a problem names holds the key it is about, or starts the table it is in."""
    if "not valid TOML" in problem or "not UTF-8 text" in problem:
        return
    if number == 1 or line.lstrip().startswith("["):
        return
    for pattern in KEY_IN_PROBLEM:
        if found := pattern.search(problem):
            assert found[1] in line, f"{problem[:200]!r} points at {line[:200]!r}"
            return
    if "unknown key" in problem:
        return  # a quoted key with odd characters: its repr is not what the file holds
    raise AssertionError(f"{problem[:200]!r} points at {line[:200]!r}")


@st.composite
def good_guides(draw: st.DrawFn) -> str:
    """A well-formed guide whose text is untrusted: escapes, controls, bidi, CJK, emoji."""
    text = st.builds(lambda a, b, c: f"{a}{b}{c}", strings, nasty, strings)
    counter = iter(range(1000))
    document = {
        "format": 1,
        "id": "g",
        "title": "Guide " + draw(text),
        "units": [
            {
                "id": f"u{next(counter)}",
                "title": "Unit " + draw(text),
                "chapters": [
                    {
                        "id": f"c{next(counter)}",
                        "title": "Chapter " + draw(text),
                        "topics": [
                            {
                                "id": f"t{next(counter)}",
                                "title": "Topic " + draw(text),
                                "body": "## " + draw(text) + "\n- " + draw(text),
                            }
                            for _ in range(draw(st.integers(1, 2)))
                        ],
                    }
                    for _ in range(draw(st.integers(1, 2)))
                ],
            }
            for _ in range(draw(st.integers(1, 2)))
        ],
    }
    return tomli_w.dumps(document)


def check_problems(problems: list[str], text: str, name: str = "guide.toml") -> None:
    """Every problem names the file and the right line of it, plainly and briefly."""
    assert problems
    lines = text.split("\n")  # as TOML counts them
    for problem in problems:
        match = re.match(rf"^{re.escape(name)}:(\d+): \S", problem)
        assert match, f"no file and line in {problem[:200]!r}"
        number = int(match[1])
        assert 1 <= number <= len(lines), f"line out of range in {problem[:200]!r}"
        check_line(problem, lines[number - 1], number)
        assert not CONTROL.search(problem), f"control codes in {problem[:200]!r}"
        assert len(problem) < 400, f"an enormous problem line: {problem[:200]!r}…"


def check_guide(guide: Guide) -> None:
    """A guide that loads has clean, non-empty text and unique ids."""
    texts = [guide.title] + [t.title for t in guide.topics] + [t.body for t in guide.topics]
    assert all(
        text and not CONTROL.search(text.replace("\n", "").replace("\t", "")) for text in texts
    )
    assert len({topic.id for topic in guide.topics}) == len(guide.topics)


@settings(max_examples=120, **QUICK)
@given(guide_texts())
def test_parse_guide_loads_or_lists_problems_with_lines(text: str):
    try:
        guide = parse_guide(text)
    except GuideError as error:
        check_problems(error.problems, text)
    else:
        check_guide(guide)


@settings(max_examples=60, **QUICK)
@given(good_guides())
def test_untrusted_text_in_a_good_guide_is_cleaned_on_load(text: str):
    check_guide(parse_guide(text))


@settings(max_examples=40, **QUICK)
@given(guide_texts(), st.sampled_from(["utf-8", "bad-bytes"]))
def test_histtui_check_in_process(text: str, encoding: str):
    data = text.encode("utf-8")
    if encoding == "bad-bytes":
        data = data[: len(data) // 2] + b"\xff\xfe" + data[len(data) // 2 :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "my-guide.toml"
        path.write_bytes(data)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(["check", str(path)])
    lines = out.getvalue().splitlines()
    if status == 0:
        assert len(lines) == 1 and lines[0].startswith(f"{path}: ")
        return
    assert status == 1
    assert lines[-1].endswith(f" in {path}")
    problems = lines[:-1]
    check_problems(problems, data.decode("utf-8", errors="replace"), "my-guide.toml")


@settings(max_examples=4, **QUICK)
@given(guide_texts())
def test_histtui_check_and_guide_in_a_subprocess(text: str):
    try:
        parse_guide(text)
    except GuideError:
        pass
    else:
        assume(False)  # a good guide would start the full-screen app
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "teacher.toml"
        path.write_text(text, encoding="utf-8")
        for args, stream in ((["check", str(path)], "stdout"), (["--guide", str(path)], "stderr")):
            result = subprocess.run(
                [sys.executable, "-m", "histtui", *args],
                capture_output=True,
                text=True,
                timeout=60,
                cwd=folder,
            )
            assert result.returncode == 1
            assert "Traceback" not in result.stdout + result.stderr
            output = getattr(result, stream).splitlines()
            check_problems(output[:-1], text, "teacher.toml")


def test_load_guide_reports_a_folder_and_a_missing_file(tmp_path: Path):
    for path in (tmp_path, tmp_path / "nope.toml"):
        try:
            load_guide(path)
        except GuideError as error:
            assert error.problems[0].startswith(f"{path}: cannot read the guide")
        else:
            raise AssertionError("loaded a guide from nothing")

"""`histtui class`: a class table from the JSON reports students hand in, bad ones left out;
and the name on `histtui export` (config.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from histtui import config
from histtui.class_report import build_class_report, render_class
from histtui.cli import main
from histtui.export import build_report, render
from histtui.guide import question_key
from histtui.progress import Progress, Review
from histtui.scheduling import Reviewer
from tests.conftest import SMALL_GUIDE

NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
EXPECTED = Path(__file__).parent / "fixtures" / "class_report.md"
"""The Markdown table's snapshot: HISTTUI_UPDATE_SNAPSHOTS=1 rewrites it (read the diff)."""


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own, so no real name gets into a report."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "histtui" / "config.toml"


def student(small, name: str, done: list[str], *, when=NOW, reviews=0, plans=0, **extra) -> str:
    """A made-up student's report, as `histtui export --format json` writes it."""
    progress = Progress(small.id)
    for topic_id in done:
        progress.set_complete(topic_id, True, when)
    key = next(iter(Reviewer(small, progress).cards()))[0]
    for index in range(reviews):
        # Every other review is too old to count as "in the last 7 days".
        at = when - dt.timedelta(days=2 if index % 2 == 0 else 20)
        progress.reviews.append(Review(key, 3, at))
    chapter = small.chapters[0]
    for question in chapter.questions[:plans]:
        progress.set_plan(question_key(chapter.id, question.prompt), "- a plan", when)
    data = json.loads(render(build_report(small, progress, when, name), "json"))
    data.update(extra)
    return json.dumps(data, indent=2)


@pytest.fixture
def reports(small_guide, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of handed-in reports, good and bad; the test runs inside tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    write = lambda name, text: (folder / name).write_text(text, encoding="utf-8")  # noqa: E731
    all_topics = [topic.id for topic in small_guide.topics]
    write("ana.json", student(small_guide, "Ana Lim", all_topics[:3], reviews=4, plans=1))
    write(
        "ana-last-week.json",
        student(small_guide, "Ana Lim", all_topics[:1], when=NOW - dt.timedelta(days=7)),
    )
    write(
        "ben.json",
        student(
            small_guide,
            "Ben | Tan",
            ["korea-divided"],
            case_studies=[{"chapter": 1, "title": "Versailles", "total": 20, "best": 9}],
        ),
    )
    write("ben-copy.json", (folder / "ben.json").read_text(encoding="utf-8"))
    # No name (exported from a pipe): the file's name stands in for it.
    write("cai-wong.json", student(small_guide, "", all_topics, reviews=1))
    # An older export, from before reports had a format, an id, a name or recent reviews.
    old = json.loads(student(small_guide, "", all_topics[3:]))
    for key in ("format", "guide_id", "name", "reviewed_last_7_days"):
        del old[key]
    write("dev.json", json.dumps(old))
    write("damaged.json", student(small_guide, "Eve", [])[:200])
    write("newer.json", student(small_guide, "Fay", [], format=99))
    write("other-guide.json", student(small_guide, "Gus", [], guide_id="igcse", guide="IGCSE"))
    write("bad-figure.json", student(small_guide, "Hal", [], topics_done="lots"))
    write("list.json", "[1, 2, 3]")
    write("notes.txt", "not a report, and not *.json: not read")
    return folder


def test_the_class_table_in_markdown(small_guide, reports: Path):
    text = render_class(build_class_report(small_guide, [Path("class")]), "markdown")
    if os.environ.get("HISTTUI_UPDATE_SNAPSHOTS"):
        EXPECTED.write_text(text, encoding="utf-8")
    assert text == EXPECTED.read_text(encoding="utf-8")


def test_every_student_once_and_every_bad_file_named(small_guide, reports: Path):
    report = build_class_report(small_guide, [Path("class")])
    assert [row.name for row in report.students] == ["Ana Lim", "Ben | Tan", "cai-wong", "dev"]
    ana, ben, cai, dev = report.students
    assert ana.file.name == "ana.json"  # the newer of Ana's two
    assert (ana.topics_done, ana.reviewed_7_days, ana.exam_plans) == (3, 2, 1)
    assert ana.chapters == {1: 100, 2: 100, 3: 0}
    assert ben.case_study_marks == (9, 20) and ana.case_study_marks is None
    assert dev.reviewed_7_days is None
    assert cai.chapters == {1: 100, 2: 100, 3: 100}
    assert report.average(1) == 50 and report.below_half(1) == ["Ben | Tan", "dev"]
    assert report.average(3) == 63  # 62.5, rounded half up
    reasons = {item.file.name: item.reason for item in report.skipped}
    assert set(reasons) == {
        "ana-last-week.json",
        "ben.json",
        "damaged.json",
        "newer.json",
        "other-guide.json",
        "bad-figure.json",
        "list.json",
    }
    assert reasons["ana-last-week.json"].startswith("an older report of Ana Lim")
    assert reasons["ben.json"] == "a copy of class/ben-copy.json"
    assert reasons["damaged.json"].startswith("damaged")
    assert "newer histtui" in reasons["newer.json"]
    assert "another guide ('IGCSE')" in reasons["other-guide.json"]
    assert reasons["bad-figure.json"].startswith("damaged")


def test_csv_for_a_spreadsheet(small_guide, reports: Path, tmp_path: Path):
    (reports / "zed.json").write_text(student(small_guide, "=HYPERLINK(1)", []), "utf-8")
    text = render_class(build_class_report(small_guide, [reports]), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["student"] for row in rows] == [
        "'=HYPERLINK(1)",  # not run as a formula
        "Ana Lim",
        "Ben | Tan",
        "cai-wong",
        "dev",
        "class average",
    ]
    assert rows[1]["chapter_1_percent"] == "100" and rows[1]["cards_reviewed_7_days"] == "2"
    assert (rows[2]["case_study_marks"], rows[2]["case_study_total"]) == ("9", "20")
    assert rows[2]["file"] == "ben-copy.json"  # ben.json is the copy, read second
    assert rows[-1]["chapter_3_percent"] == "50"  # (0 + 50 + 100 + 100 + 0) / 5


def test_class_command(reports: Path, capsys):
    assert main(["--guide", str(SMALL_GUIDE), "class", "class", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("student,file,")
    assert "histtui: left out class/newer.json: made by a newer histtui" in err
    assert "Traceback" not in err


def test_class_command_with_nothing_to_read(tmp_path: Path, capsys):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    missing = tmp_path / "missing.json"
    guide = ["--guide", str(SMALL_GUIDE)]
    assert main([*guide, "class", str(tmp_path / "broken.json"), str(missing)]) == 1
    _, err = capsys.readouterr()
    assert "broken.json: damaged" in err and "missing.json: cannot be read" in err
    assert "no reports to make a class table from" in err


def test_export_takes_a_name_and_otherwise_remembers_the_one_asked(
    tmp_path: Path, own_config: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    args = ["--guide", str(SMALL_GUIDE), "--state", str(tmp_path / "p.toml"), "export"]
    assert main([*args, "--format", "json", "--name", "Ana\x1b[31m Lim"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "Ana Lim"
    assert not own_config.exists()  # --name is for this report only

    # Not a terminal: nobody to ask, so no name.
    monkeypatch.setattr("sys.stdin", io.StringIO("Ben\n"))
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("Ben Tan\n"))
    assert main([*args, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["name"] == "Ben Tan" and "Your name" in err
    monkeypatch.setattr("sys.stdin", Terminal(""))  # asked once: never again
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "Student: Ben Tan" in out and "Your name" not in err


def test_the_config_file_keeps_keys_it_does_not_know(own_config: Path):
    own_config.parent.mkdir(parents=True)
    own_config.write_text("new_cards_per_day = 20\n[later]\nx = 1\n", encoding="utf-8")
    assert config.student_name() == ""
    assert config.remember("name", "Cai")
    assert config.read_config() == {"new_cards_per_day": 20, "later": {"x": 1}, "name": "Cai"}
    assert config.student_name() == "Cai"


def test_a_damaged_config_file_is_left_alone(own_config: Path):
    own_config.parent.mkdir(parents=True)
    own_config.write_text("name = 'unterminated\n", encoding="utf-8")
    assert config.student_name() == ""
    assert not config.remember("name", "Cai")
    assert own_config.read_text(encoding="utf-8") == "name = 'unterminated\n"

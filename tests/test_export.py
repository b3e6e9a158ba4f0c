"""`histtui export`: the report a teacher asks for, in Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from histtui.cli import main
from histtui.export import build_report, render
from histtui.guide import question_key
from histtui.progress import ProgressStore
from histtui.scheduling import Reviewer
from tests.conftest import SMALL_GUIDE

NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)


def worked_progress(small_guide, state_path, clock):
    store = ProgressStore(state_path, small_guide.id, clock)
    progress = store.load()
    progress.set_complete("big-three-aims", True, clock())
    progress.set_complete("korea-divided", True, clock())
    progress.set_complete("a-removed-topic", True, clock())
    progress.set_bookmark("versailles-terms", True, clock())
    progress.set_note("inchon", "Risky: tides of 10 m.", clock())
    chapter = small_guide.chapters[0]
    progress.set_plan(question_key(chapter.id, chapter.questions[0].prompt), "- Fair?", clock())
    reviewer = Reviewer(small_guide, progress)
    reviewer.enrol(small_guide.topics[:1], NOW)
    reviewer.grade(reviewer.due(NOW)[0].key, 3, NOW)
    store.save(progress)
    return progress


def test_report_figures(small_guide, state_path, clock):
    progress = worked_progress(small_guide, state_path, clock)
    report = build_report(small_guide, progress, NOW + dt.timedelta(hours=1))
    assert (report.topics_done, report.topics_total, report.percent) == (2, 5, 40)
    peace, stalin, korea = report.chapters
    assert (peace.topics_done, peace.topics_total, peace.percent) == (1, 2, 50)
    assert (peace.cards_reviewed, peace.cards_due) == (1, 1)
    assert peace.bookmarks == ["The Treaty of Versailles: Terms [1919]"]
    assert list(peace.exam_plans.values()) == ["- Fair?"]
    assert korea.notes == {"The Inchon Landings": "Risky: tides of 10 m."}
    assert stalin.percent == 0
    assert report.not_in_guide == ["a-removed-topic"]


def test_formats(small_guide, state_path, clock):
    report = build_report(small_guide, worked_progress(small_guide, state_path, clock), NOW)
    markdown = render(report, "markdown")
    assert "40% Complete, 2/5 Steps" in markdown
    assert "| 1 | Making the Peace | 1/2 | 50% | 1 | 0 | 1 | 0 | 1 |" in markdown
    assert "## No longer in the guide\n\n- a-removed-topic" in markdown
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert rows[2]["title"] == "The Korean War" and rows[2]["notes"] == "1"
    data = json.loads(render(report, "json"))
    assert data["chapters"][0]["bookmarks"] == ["The Treaty of Versailles: Terms [1919]"]


def test_export_command_writes_markdown_to_stdout_or_a_file(
    small_guide, state_path, clock, capsys, tmp_path
):
    worked_progress(small_guide, state_path, clock)
    args = ["--guide", str(SMALL_GUIDE), "--state", str(state_path), "export"]
    assert main(args) == 0
    assert "# Progress report: Small Test Guide" in capsys.readouterr().out
    out = tmp_path / "report.csv"
    assert main([*args, "--format", "csv", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("chapter,title,topics_done")


def test_report_carries_the_statistics(small_guide, state_path, clock):
    report = build_report(small_guide, worked_progress(small_guide, state_path, clock), NOW)
    peace = report.chapters[0]
    assert (peace.cards_new, peace.cards_learning) == (0, 1)
    assert peace.recall_percent is not None
    assert len(report.due_next_14_days) == 14
    assert report.streak_days == 1
    markdown = render(report, "markdown")
    assert "## Statistics" in markdown and "True retention" in markdown
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert rows[0]["cards_learning"] == "1"

"""The command line: `histtui check`, and refusing a broken guide without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from histtui.cli import main
from tests.conftest import SMALL_GUIDE


def test_check_clean_guide_prints_summary(capsys):
    assert main(["check", str(SMALL_GUIDE)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"{SMALL_GUIDE}: 2 units, 3 chapters, 5 topics, 1 card, 3 events"


def test_check_lists_every_problem_and_exits_1(tmp_path: Path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "Bad Id"\n', encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "bad.toml:2: guide: id must be a slug (lowercase letters, digits, hyphens)",
        "bad.toml:1: guide: missing title",
        "bad.toml:1: guide: no units",
        f"3 problems in {bad}",
    ]


def test_opening_a_broken_guide_explains_instead_of_crashing(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("format = [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "histtui", "--guide", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bad.toml:1: not valid TOML" in result.stderr
    assert f"histtui check {bad}" in result.stderr


def test_check_accepts_the_bundled_guide_by_default(capsys):
    assert main(["check"]) == 0
    assert "units" in capsys.readouterr().out

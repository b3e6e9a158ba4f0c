"""docs/reliability.md names real tests: each `tests/FILE.py::NAME` it cites exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITED = re.compile(r"`(tests/[a-z_0-9]+\.py)::([a-z_0-9]+)`")


def test_every_cited_test_exists():
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    cited = CITED.findall(doc)
    assert len(cited) > 40
    for path, name in cited:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^(async )?def {name}\(", source, re.M), f"{path}::{name} is gone"

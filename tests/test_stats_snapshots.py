"""How statistics and the new Smart Guide look, at 80x24 and 120x40, dark and light
(reviewed by eye before --snapshot-update)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from bench.history import made_up_history

from histtui.guide_check import parse_guide
from histtui.progress import ProgressStore, Stamped

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def utc(monkeypatch):
    """Local days in UTC wherever the snapshots run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def worked_app(make_app, state_path, clock, utc):
    """A 30-topic guide, 120 days of made-up revision, and an exam date set 10 days ago."""
    from bench.make_guide import guide_text

    guide = parse_guide(guide_text(topics=30, words=20, per_chapter=6))
    progress = made_up_history(guide, clock.now, 120, topics_per_day=0.2)
    progress.exam_date = Stamped("2026-04-15", clock.now - dt.timedelta(days=10))
    ProgressStore(state_path, guide.id, clock).save(progress)
    return make_app(guide)


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_statistics(snap_compare, worked_app, size, theme):
    keys = ["d", "S"] if theme == "light" else ["S"]
    assert snap_compare(worked_app, terminal_size=size, press=keys)


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_smart_guide_with_a_plan(snap_compare, worked_app, size, theme):
    keys = ["d"] if theme == "light" else []
    assert snap_compare(worked_app, terminal_size=size, press=keys)

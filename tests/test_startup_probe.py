"""The start-up probe bench/run.py uses: off unless asked, then one report and exit."""

from __future__ import annotations

from bench import startup_probe
from bench.probed_histtui import ProbedHistTUI

from histtui.screens.overview import OverviewScreen
from histtui.session import StudySession
from tests.conftest import overall_progress

SIZE = (100, 30)


async def test_the_start_up_probe_reports_the_painted_overview(make_app, tmp_path, monkeypatch):
    report = tmp_path / "first-paint.txt"
    monkeypatch.setenv(startup_probe.T0, "0")
    monkeypatch.setenv(startup_probe.OUT, str(report))
    plain = make_app()
    app = ProbedHistTUI(StudySession(plain.session.guide, plain.session.store, plain.session.clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert overall_progress(app) == "0% Complete   0/5 Steps"
    assert not app.is_running
    (line,) = report.read_text(encoding="utf-8").split()
    assert float(line) > 0


async def test_without_the_probe_variable_the_app_keeps_running(make_app, monkeypatch):
    monkeypatch.delenv(startup_probe.T0, raising=False)
    plain = make_app()
    app = ProbedHistTUI(StudySession(plain.session.guide, plain.session.store, plain.session.clock))
    async with app.run_test(size=SIZE) as pilot:
        # The probe would exit after the overview's first paint: let two frames go by.
        await pilot.pause()
        await pilot.pause()
        assert app.is_running


async def test_the_probe_does_not_stop_at_a_frame_textual_held_back(
    make_app, tmp_path, monkeypatch
):
    """Textual calls post_display_hook for a frame a batch update held back as well: none
    of it reached the terminal, so the clock must not stop there."""
    report = tmp_path / "first-paint.txt"
    monkeypatch.delenv(startup_probe.T0, raising=False)  # not armed while the app starts
    monkeypatch.setenv(startup_probe.OUT, str(report))
    plain = make_app()
    app = ProbedHistTUI(StudySession(plain.session.guide, plain.session.store, plain.session.clock))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setenv(startup_probe.T0, "0")
        with app.batch_update():
            assert not startup_probe.frame_written(app, app.screen)
        assert not report.exists()
        assert startup_probe.frame_written(app, app.screen)
    assert report.exists()

"""The statistics screen (S) and the exam date (E), driven by keys."""

from __future__ import annotations

import datetime as dt

import pytest
from bench.history import made_up_history

from histtui.guide_check import parse_guide
from histtui.progress import ProgressStore
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from tests.conftest import overview_rows, shown

SIZE = (100, 30)


@pytest.fixture
def worked_app(make_app, state_path, clock):
    """An app on a 30-topic guide with 120 days of made-up revision behind it."""
    from bench.make_guide import guide_text

    def make():
        guide = parse_guide(guide_text(topics=30, words=20, per_chapter=6))
        store = ProgressStore(state_path, guide.id, clock)
        store.save(made_up_history(guide, clock.now, 120, topics_per_day=0.2))
        return make_app(guide)

    return make


async def test_s_opens_statistics_from_the_smart_guide_and_enter_opens_the_weakest(worked_app):
    from histtui.screens.statistics import StatisticsScreen

    app = worked_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        screen = app.screen
        assert isinstance(screen, StatisticsScreen)
        assert screen.stats is not None
        assert shown(app, "#stats-figures").startswith("Streak ")
        heat = shown(app, "#stats-heatmap")
        assert heat.splitlines()[1].startswith("Mon ") and "most" in heat
        weakest = screen.stats.chapters[0].chapter
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.topic is not None and app.screen.topic.chapter is weakest


async def test_s_from_the_reader_and_escape_back(worked_app):
    from histtui.screens.statistics import StatisticsScreen

    app = worked_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "S")
        assert isinstance(app.screen, StatisticsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_e_sets_the_exam_date(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("E", *"2026-13-01", "enter")
        assert "year-month-day" in shown(app, "#ask-hint")
        await pilot.press(*["backspace"] * 10, *"2026-04-30", "enter")
        assert isinstance(app.screen, OverviewScreen)
        assert app.session.exam_date == dt.date(2026, 4, 30)
        assert app.session.progress.exam_date is not None


async def test_the_plan_shows_today_topics_and_enter_opens_one(worked_app):
    app = worked_app()
    async with app.run_test(size=SIZE) as pilot:
        assert shown(app, "#guide-plan") == "Set your exam date (E) for a plan to it."
        await pilot.press("E", *"2026-04-15", "enter")
        assert shown(app, "#guide-plan").startswith("45 days to the exam, 9 topics left")
        rows = overview_rows(app)
        assert rows[0] == "Today"
        first = rows[1]
        assert first.startswith("Read: ")
        await pilot.press("home", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.topic is not None and first.startswith(f"Read: {app.screen.topic.title}")


async def test_side_panel_only_from_120_columns(worked_app):
    app = worked_app()
    async with app.run_test(size=(80, 24)):
        assert not app.screen.query("#guide-side")  # not even made below 120 columns
        assert app.screen.query_one("#guide-plan").display
    app = worked_app()
    async with app.run_test(size=(120, 40)):
        assert app.screen.query_one("#guide-side").display
        assert not app.screen.query_one("#guide-plan").display
        assert "Flashcards" in shown(app, "#side-due")
        assert "Last 16 weeks" in shown(app, "#side-heatmap")


async def test_the_palette_offers_statistics_and_the_exam_date(worked_app):
    from histtui.screens.ask import AskDialog
    from histtui.screens.statistics import StatisticsScreen

    app = worked_app()
    async with app.run_test(size=SIZE) as pilot:
        await run_from_the_palette(pilot, "exam date", AskDialog)
        assert isinstance(app.screen, AskDialog)
        await pilot.press("escape")
        await run_from_the_palette(pilot, "statistics", StatisticsScreen)
        assert isinstance(app.screen, StatisticsScreen)


async def run_from_the_palette(pilot, words: str, opens: type) -> None:
    """Type `words` in the command palette and press enter until the hit opens `opens`
    (the palette finds its hits a moment after the typing)."""
    await pilot.press("ctrl+p", *words)
    for _ in range(100):
        await pilot.pause(0.02)
        await pilot.press("enter")
        if isinstance(pilot.app.screen, opens):
            return


async def test_side_panel_drawn_when_the_terminal_grows_to_120_columns(worked_app):
    """Narrow, the side panel is not made at all; widening the terminal makes and draws it,
    and narrowing it again gives the plan line back."""
    app = worked_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.screen.query("#side-heatmap")
        await pilot.resize_terminal(130, 40)
        for _ in range(50):
            await pilot.pause()
            if "Last 16 weeks" in shown(app, "#side-heatmap"):
                break
        assert "Last 16 weeks" in shown(app, "#side-heatmap")
        assert "Plan to the exam" in shown(app, "#side-plan")
        assert "Flashcards" in shown(app, "#side-due")
        assert app.screen.query_one("#guide-side").display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not app.screen.query_one("#guide-side").display
        assert app.screen.query_one("#guide-plan").display


async def test_the_exam_date_is_asked_once(make_app, state_path):
    """The first start asks when the exam is; E answers it; the next start does not ask."""
    app = make_app(first_start=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        asked = [n for n in app._notifications if n.title == "Your exam date"]
        assert len(asked) == 1 and "Press E" in str(asked[0].message)
        await pilot.press("E")
        await pilot.pause()
        assert type(app.screen).__name__ == "AskDialog"
    assert "exam_date" in state_path.read_text(encoding="utf-8")
    again = make_app(first_start=True)
    async with again.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert not [n for n in again._notifications if n.title == "Your exam date"]
        assert "Set your exam date (E)" in shown(again, "#guide-plan")

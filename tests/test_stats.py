"""Statistics and the exam plan, with a fixed clock and a made-up history."""

from __future__ import annotations

import datetime as dt

import pytest

from histtui.guide_check import parse_guide
from histtui.plan import exam_plan
from histtui.progress import Note, Progress, Review, TopicRecord
from histtui.scheduling import Reviewer
from histtui.stats import (
    activity,
    chapter_stats,
    forecast,
    heatmap,
    reviews_per_day,
    statistics,
    streaks,
    true_retention,
    weakest_chapter,
)

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # a Friday
TODAY = NOW.date()
SINGAPORE = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def guide():
    from bench.make_guide import guide_text

    return parse_guide(guide_text(topics=10, words=10, per_chapter=5))  # 2 chapters, 30 cards


def at(days_ago: float, hour: int = 12, minute: int = 0) -> dt.datetime:
    day = NOW - dt.timedelta(days=days_ago)
    return day.replace(hour=hour, minute=minute)


def test_heatmap_buckets_add_topics_reviews_and_plans(guide):
    progress = Progress(guide.id)
    progress.topics["topic-1"] = TopicRecord(at(1), completed_at=at(1))
    progress.topics["gone-topic"] = TopicRecord(at(1), completed_at=at(1))  # not in the guide
    progress.reviews += [Review("k1", 3, at(1)), Review("k2", 1, at(1)), Review("k1", 3, at(0))]
    progress.plans["q"] = Note(at(0), "- a plan")
    progress.plans["empty"] = Note(at(3), "")
    days = activity(guide, progress, UTC)
    assert days == {TODAY - dt.timedelta(days=1): 3, TODAY: 2}
    grid = heatmap(days, TODAY)
    assert grid.weeks == 26 and grid.start.weekday() == 0
    assert grid.day(25, TODAY.weekday()) == TODAY
    assert grid.level(TODAY - dt.timedelta(days=1)) == 4
    assert grid.level(TODAY) == 3  # ceil(4 * 2 / 3)
    assert grid.level(TODAY - dt.timedelta(days=2)) == 0
    assert grid.level(TODAY + dt.timedelta(days=1)) is None
    assert grid.month_starts()[0] == (0, "Sep")
    assert (grid.month_starts()[-1][1]) == "Mar"


def test_an_undone_grade_is_not_counted(guide):
    progress = Progress(guide.id)
    progress.reviews += [
        Review("k1", 3, at(0)),
        Review("k1", 0, at(0, minute=1), kind="undo", undoes=at(0)),
    ]
    assert activity(guide, progress, UTC) == {}


def test_streaks_across_midnight_and_time_zones():
    # 23:50 and 00:10 UTC: two days in London, one morning in Singapore.
    late, early = at(1, 23, 50), at(0, 0, 10)
    local_utc = {late.astimezone(UTC).date(), early.astimezone(UTC).date()}
    local_sg = {late.astimezone(SINGAPORE).date(), early.astimezone(SINGAPORE).date()}
    assert streaks(local_utc, TODAY) == (2, 2)
    assert streaks(local_sg, TODAY) == (1, 1)
    days = [TODAY - dt.timedelta(days=n) for n in (1, 2, 3, 7, 8, 9, 10)]
    assert streaks(days, TODAY) == (3, 4), "today is not over: yesterday's streak stands"
    assert streaks([TODAY - dt.timedelta(days=2)], TODAY) == (0, 1)
    assert streaks([], TODAY) == (0, 0)


def test_reviews_per_day_over_thirty_days():
    reviews = [Review("k", 3, at(n)) for n in range(0, 40)]
    assert reviews_per_day(reviews, TODAY, UTC) == 1.0
    assert reviews_per_day(reviews[:15], TODAY, UTC) == 0.5


def test_true_retention_counts_mature_cards_only():
    reviews = [
        Review("young", 3, at(50)),
        Review("young", 1, at(45)),  # 5 days after: young, not counted
        Review("m1", 3, at(60)),
        Review("m1", 3, at(20)),  # 40 days after: mature, passed
        Review("m2", 3, at(50)),
        Review("m2", 1, at(10)),  # mature, failed
        Review("m3", 3, at(80)),
        Review("m3", 3, at(45)),  # mature but outside the 30 days
        Review("m4", 3, at(40)),
        Review("m4", 4, at(5)),  # 35 days: mature, passed
    ]
    assert true_retention(reviews, NOW) == (pytest.approx(2 / 3), 3)
    assert true_retention(reviews[:2], NOW) == (None, 0)


def graded_guide(guide):
    progress = Progress(guide.id)
    reviewer = Reviewer(guide, progress)
    start = NOW - dt.timedelta(days=30)
    first, second = guide.chapters
    reviewer.enrol(first.topics, start)
    for key, _, _ in reviewer.cards(first.topics[:2]):  # 6 cards: Easy, then Easy
        due = reviewer.grade(key, 4, start)
        reviewer.grade(key, 4, due)
    reviewer.enrol(second.topics[:1], start)
    for key, _, _ in reviewer.cards(second.topics[:1]):  # 3 cards: Again long ago
        reviewer.grade(key, 1, start)
    return progress, reviewer


def test_forecast_of_the_next_fourteen_days(guide):
    _, reviewer = graded_guide(guide)
    days = forecast(reviewer, NOW, UTC)
    assert len(days) == 14
    assert days[0] == 3, "the overdue relearning cards are due today"
    expected = sum(
        1
        for card in reviewer.in_review()
        if card.kind != "new" and (card.due.date() - TODAY).days < 14
    )
    assert sum(days) == expected


def test_retrievability_per_chapter_weakest_first(guide):
    progress, reviewer = graded_guide(guide)
    rows = chapter_stats(guide, progress, reviewer, NOW)
    by_number = {row.chapter.number: row for row in rows}
    first, second = by_number[1], by_number[2]
    assert (first.new, first.learning + first.young + first.mature) == (9, 6)
    assert (second.new, second.learning) == (12, 3)
    assert first.retrievability is not None and second.retrievability is not None
    assert second.retrievability < first.retrievability
    assert [row.chapter.number for row in rows] == [2, 1]
    expected = (
        sum(
            reviewer.scheduler.get_card_retrievability(reviewer.fsrs_card(key), NOW)
            for key, _, _ in reviewer.cards(guide.chapters[0].topics[:2])
        )
        / 6
    )
    assert first.retrievability == pytest.approx(expected)


def test_weakest_chapter_is_the_first_of_chapter_stats_without_reading_other_topics(guide):
    progress, reviewer = graded_guide(guide)
    assert (
        weakest_chapter(guide, reviewer, NOW)
        is chapter_stats(guide, progress, reviewer, NOW)[0].chapter
    )
    assert weakest_chapter(guide, Reviewer(guide, Progress(guide.id)), NOW) is None


def test_weakest_chapter_decodes_only_the_topics_in_review(tmp_path):
    """The Smart Guide asks at every start: a cached guide's other topics stay encoded."""
    from bench.make_guide import guide_text

    from histtui.guide_cache import load_guide_cached

    path = tmp_path / "guide.toml"
    path.write_text(guide_text(topics=10, words=10, per_chapter=5), encoding="utf-8")
    load_guide_cached(path, tmp_path / "cache")  # writes the cache
    cached = load_guide_cached(path, tmp_path / "cache")
    progress = Progress(cached.id)
    reviewer = Reviewer(cached, progress)
    studied = cached.chapters[1].topics[0]
    reviewer.enrol([studied], NOW - dt.timedelta(days=3))
    for key, _, _ in reviewer.cards([studied]):
        reviewer.grade(key, 3, NOW - dt.timedelta(days=3))
    assert weakest_chapter(cached, reviewer, NOW) is cached.chapters[1]
    decoded = [topic.id for topic in cached.topics if topic._body is not None]
    assert decoded == [studied.id]


def test_statistics_together(guide):
    progress, _ = graded_guide(guide)
    stats = statistics(guide, progress, NOW, UTC)
    assert stats.reviews_total == 15
    assert stats.today == TODAY
    assert len(stats.forecast) == 14


def complete(progress, topic_ids, when):
    for topic_id in topic_ids:
        progress.set_complete(topic_id, True, when)


def test_plan_with_no_date(guide):
    progress = Progress(guide.id)
    complete(progress, ["topic-1"], at(3))
    plan = exam_plan(guide, progress, TODAY, None)
    assert plan.topics_left == 9 and plan.days_left is None
    assert [t.id for t in plan.today_topics] == ["topic-2", "topic-3"]
    assert plan.summary() == "Set your exam date (E) for a plan to it."


def test_plan_with_the_exam_today_and_past(guide):
    progress = Progress(guide.id)
    assert exam_plan(guide, progress, TODAY, TODAY).summary() == "Your exam is today. Good luck!"
    past = exam_plan(guide, progress, TODAY, TODAY - dt.timedelta(days=3))
    assert past.days_left == -3
    assert (
        past.summary() == "Your exam date (17 March 2026) has passed: press E to set the next one."
    )


def test_plan_topics_per_day_and_behind(guide):
    progress = Progress(guide.id)
    exam = TODAY + dt.timedelta(days=12)  # finish by TODAY + 5: six days of study
    plan = exam_plan(guide, progress, TODAY, exam, set_on=TODAY)
    assert (plan.days_left, plan.topics_left, plan.per_day, plan.behind) == (12, 10, 2, 0)
    assert plan.summary() == "12 days to the exam, 10 topics left: 2 a day to finish by 25 March."
    # Set three days ago with 10 topics over 9 days: 3 expected by now, 1 done.
    complete(progress, ["topic-1"], at(1))
    plan = exam_plan(guide, progress, TODAY, exam, set_on=TODAY - dt.timedelta(days=3))
    assert (plan.behind, plan.per_day) == (2, 2)
    expected = "12 days to the exam, 9 topics left. 2 topics behind: 2 a day to catch up."
    assert plan.summary() == expected
    # With three done, the plan is kept.
    complete(progress, ["topic-2", "topic-3"], at(1))
    plan = exam_plan(guide, progress, TODAY, exam, set_on=TODAY - dt.timedelta(days=3))
    assert plan.behind == 0
    # Within the last week: the topics are spread to the exam itself.
    close = exam_plan(guide, progress, TODAY, TODAY + dt.timedelta(days=3))
    assert close.per_day == 3
    done = Progress(guide.id)
    complete(done, [t.id for t in guide.topics], at(1))
    assert (
        exam_plan(guide, done, TODAY, exam)
        .summary()
        .endswith("every topic done; revise with r and S.")
    )


def test_plan_suggests_the_weakest_chapter(guide):
    progress = Progress(guide.id)
    complete(progress, ["topic-1", "topic-6"], at(2))
    plan = exam_plan(guide, progress, TODAY, None, weakest=guide.chapters[1])
    assert [t.id for t in plan.today_topics] == ["topic-2", "topic-3", "topic-6"]


def test_the_heatmap_reads_without_colour():
    from histtui.widgets.charts import forecast_text, heatmap_text
    from tests.conftest import plain

    days = {TODAY: 8, TODAY - dt.timedelta(days=1): 2}
    text = plain(heatmap_text(heatmap(days, TODAY)), width=80)
    lines = text.splitlines()
    assert lines[0].startswith("      Oct") and "Mar" in lines[0]
    friday = lines[1 + TODAY.weekday()]
    assert friday.startswith("Fri ") and "██" in friday and "·" in friday
    thursday = lines[TODAY.weekday()]
    assert "░░" in thursday
    assert "most" in text and "none" in text
    bars = plain(forecast_text([4, 0, 2], TODAY), width=80).splitlines()
    assert bars[0].split() == ["4", "2"]
    assert bars[-1].split() == ["20", "21", "22"]


def test_activity_days_follow_the_students_time_zone(guide):
    progress = Progress(guide.id)
    progress.reviews += [Review("k", 3, at(1, 23, 50)), Review("k", 3, at(0, 0, 10))]
    london = activity(guide, progress, UTC)
    singapore = activity(guide, progress, SINGAPORE)
    assert len(london) == 2 and len(singapore) == 1
    assert streaks(london, TODAY) == (2, 2)
    assert streaks(singapore, TODAY) == (1, 1)
    stats = statistics(guide, progress, at(0, 0, 20), SINGAPORE)
    assert (stats.current_streak, stats.reviews_per_day) == (1, 2 / 30)


@pytest.mark.parametrize("offset", [(5, 30), (5, 45), (-3, -30)])
def test_days_split_at_local_midnight_in_zones_off_the_hour(guide, offset):
    # India (+5:30), Nepal (+5:45), Newfoundland (-3:30): ten minutes either side of the
    # local midnight fall in the same UTC hour but on two local days.
    zone = dt.timezone(dt.timedelta(hours=offset[0], minutes=offset[1]))
    midnight = dt.datetime(2026, 3, 19, tzinfo=zone)
    progress = Progress(guide.id)
    progress.reviews += [
        Review("k", 3, midnight - dt.timedelta(minutes=10)),
        Review("k", 3, midnight + dt.timedelta(minutes=10)),
    ]
    assert activity(guide, progress, zone) == {
        dt.date(2026, 3, 18): 1,
        dt.date(2026, 3, 19): 1,
    }

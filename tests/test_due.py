"""One definition of "due" (issue 13, bug 5), the daily new-card limit, grade previews,
undo and suspend in the review log, and the config file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from histtui.config import Config, ConfigError, load_config
from histtui.export import build_report
from histtui.guide_check import parse_guide
from histtui.progress import Progress, ProgressStore
from histtui.scheduling import Reviewer, end_of_day, graded, interval_label
from histtui.session import StudySession

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
UTC = dt.UTC


@pytest.fixture(scope="module")
def guide():
    from bench.make_guide import guide_text

    return parse_guide(guide_text(topics=10, words=10, per_chapter=5))  # 30 cards


def test_new_cards_are_limited_per_local_day(guide):
    reviewer = Reviewer(guide, Progress(guide.id))
    reviewer.enrol(guide.topics, START)
    counts = reviewer.counts(START, new_limit=20, tz=UTC)
    assert (counts.new, counts.learning, counts.review, counts.now) == (20, 0, 0, 20)
    for card in reviewer.queue(START, 20, tz=UTC)[:5]:
        reviewer.grade(card.key, 3, START)
    counts = reviewer.counts(START, new_limit=20, tz=UTC)
    # Five new cards seen: fifteen more today; the five are learning, due in 10 minutes,
    # so they are due later today, not now.
    assert (counts.new, counts.learning, counts.later_today) == (15, 0, 5)
    later = START + dt.timedelta(minutes=11)
    assert reviewer.counts(later, 20, tz=UTC).learning == 5
    tomorrow = START + dt.timedelta(days=1)
    assert reviewer.counts(tomorrow, 20, tz=UTC).new == 20


def test_due_now_later_today_and_the_report_agree(guide):
    progress = Progress(guide.id)
    reviewer = Reviewer(guide, progress)
    reviewer.enrol(guide.topics, START)
    for card in reviewer.queue(START, 10, tz=UTC):
        reviewer.grade(card.key, 3, START)
    now = START + dt.timedelta(minutes=5)
    counts = reviewer.counts(now, 10)
    report = build_report(guide, progress, now, new_limit=10)
    assert sum(row.cards_due for row in report.chapters) == counts.now
    assert len(reviewer.queue(now, 10)) == counts.now


def test_end_of_day_is_the_students_midnight():
    late = dt.datetime(2026, 3, 2, 22, 30, tzinfo=UTC)
    assert end_of_day(late, UTC) == dt.datetime(2026, 3, 3, tzinfo=UTC)
    singapore = dt.timezone(dt.timedelta(hours=8))
    # 22:30 UTC is 06:30 the next morning in Singapore: its day ends a day later.
    assert end_of_day(late, singapore) == dt.datetime(2026, 3, 4, tzinfo=singapore)


def test_each_grade_previews_its_interval(guide):
    reviewer = Reviewer(guide, Progress(guide.id))
    reviewer.enrol(guide.topics[:1], START)
    key = reviewer.queue(START)[0].key
    labels = {r: interval_label(i) for r, i in reviewer.preview(key, START).items()}
    assert labels[1] == "<1m" and labels[3] == "<10m"
    assert labels[4].endswith("d")
    assert reviewer.progress.reviews == [], "a preview changes nothing"
    assert interval_label(dt.timedelta(days=45)) == "1.5mo"
    assert interval_label(dt.timedelta(days=730)) == "2y"


def test_undo_and_suspend_are_kept_in_the_review_log(guide, tmp_path, clock):
    store = ProgressStore(tmp_path / "p.toml", guide.id, clock)
    session = StudySession(guide, store, clock)
    session.enrol(guide.chapters[0])
    first, second = session.reviewer.queue(clock())[:2]
    before = session.progress.cards[first.key].state
    session.grade(first.key, 3)
    assert session.progress.reviews[-1].elapsed_days == 0
    assert session.undo_grade() == first.key
    assert session.progress.cards[first.key].state == before
    session.suspend_card(second.key)
    assert session.reviewer.suspended(second.key)
    assert second.key not in {card.key for card in session.reviewer.queue(clock())}
    kinds = [review.kind for review in session.progress.reviews]
    assert kinds == ["grade", "undo", "suspend"]
    assert graded(session.progress.reviews) == []
    reloaded = ProgressStore(tmp_path / "p.toml", guide.id, clock).load()
    assert reloaded.reviews == session.progress.reviews
    assert Reviewer(guide, reloaded).suspended(second.key)
    assert session.undo_grade() == second.key
    assert not session.reviewer.suspended(second.key)
    assert session.undo_grade() is None


def test_elapsed_days_are_logged(guide):
    reviewer = Reviewer(guide, Progress(guide.id))
    reviewer.enrol(guide.topics[:1], START)
    key = reviewer.queue(START)[0].key
    due = reviewer.grade(key, 4, START)
    reviewer.grade(key, 3, due)
    assert [r.elapsed_days for r in reviewer.progress.reviews] == [0, (due - START).days]


def test_config_file(tmp_path: Path):
    path = tmp_path / "config.toml"
    assert load_config(path) == Config(new_cards_per_day=20)
    path.write_text("new_cards_per_day = 5\n", encoding="utf-8")
    assert load_config(path).new_cards_per_day == 5
    path.write_text("new_cards_per_day = 'lots'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="new_cards_per_day must be a whole number"):
        load_config(path)
    path.write_text("new_cards_per_day = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml is not valid TOML: "):
        load_config(path)


def test_the_smart_guides_limit_wins_over_the_config(guide, tmp_path, clock):
    store = ProgressStore(tmp_path / "p.toml", guide.id, clock)
    session = StudySession(guide, store, clock, config=Config(new_cards_per_day=3))
    session.enrol(guide.chapters[0])
    assert session.due_counts().new == 3
    session.set_new_cards_per_day(7)
    assert session.due_counts().new == 7
    assert ProgressStore(tmp_path / "p.toml", guide.id, clock).load().new_cards_per_day

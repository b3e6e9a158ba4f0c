"""A student's revision in figures: heatmap, streaks, retention, forecast, chapters, plan.

Plain Python with no Textual import; every function takes the time (`now`) and the time
zone (`tz`, default the computer's) so that tests fix both. Days are the student's local
days: a review at 23:50 and one at 00:10 are two days of a streak.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from histtui.guide import Chapter, Guide, question_key
from histtui.progress import Progress, Review
from histtui.scheduling import Reviewer, graded

HEATMAP_WEEKS = 26
MATURE_DAYS = 21
"""A card is mature once its interval is at least this many days (as in Anki)."""
WINDOW_DAYS = 30
"""Reviews per day and true retention look back this many days."""
FORECAST_DAYS = 14
SHADES = "·░▒▓█"
"""A day's activity, none to most: intensity shown by the character, not only colour."""


class LocalDays:
    """Turns moments into the student's local dates, quickly: one conversion for each
    quarter of an hour (every time zone's offset is a whole number of quarter hours, so
    no quarter straddles a local midnight)."""

    QUARTER = 900
    """Seconds in a quarter of an hour."""

    def __init__(self, tz: dt.tzinfo | None = None) -> None:
        self.tz = tz
        self._quarters: dict[int, dt.date] = {}

    def __call__(self, moment: dt.datetime) -> dt.date:
        """The local date of `moment`."""
        return self.of_quarter(int(moment.timestamp()) // self.QUARTER)

    def of_quarter(self, quarter: int) -> dt.date:
        """The local date of the quarter hour `quarter` (counted from the Unix epoch)."""
        day = self._quarters.get(quarter)
        if day is None:
            seconds = quarter * self.QUARTER
            day = self._quarters[quarter] = (
                dt.date.fromtimestamp(seconds)  # the computer's own zone
                if self.tz is None
                else dt.datetime.fromtimestamp(seconds, self.tz).date()
            )
        return day

    def count(self, moments: Iterable[dt.datetime]) -> Counter[dt.date]:
        """How many of `moments` fall on each local date."""
        quarter = self.QUARTER
        quarters = Counter(int(moment.timestamp()) // quarter for moment in moments)
        days: Counter[dt.date] = Counter()
        for number, times in quarters.items():
            days[self.of_quarter(number)] += times
        return days


def activity(
    guide: Guide,
    progress: Progress,
    tz: dt.tzinfo | None = None,
    local: LocalDays | None = None,
) -> Counter[dt.date]:
    """For each local day: topics completed + cards reviewed + exam plans written."""
    local = local or LocalDays(tz)
    in_guide = {topic.id for topic in guide.topics}
    completed = (
        record.completed_at
        for topic_id, record in progress.topics.items()
        if record.completed_at is not None and topic_id in in_guide
    )
    days = local.count(completed)
    days.update(local.count(review.at for review in graded(progress.reviews)))
    days.update(local.count(p.updated_at for p in progress.plans.values() if p.text.strip()))
    return days


class Heatmap(NamedTuple):
    """The last weeks of activity as a calendar: columns are weeks (Monday first)."""

    start: dt.date
    """The Monday of the first column."""
    today: dt.date
    weeks: int
    counts: dict[dt.date, int]
    peak: int

    def day(self, week: int, weekday: int) -> dt.date:
        """The date in column `week`, row `weekday` (0 Monday)."""
        return self.start + dt.timedelta(days=7 * week + weekday)

    def level(self, day: dt.date) -> int | None:
        """0 (nothing) to 4 (the busiest days); None for days still to come."""
        if day > self.today:
            return None
        count = self.counts.get(day, 0)
        if count == 0 or self.peak == 0:
            return 0
        return max(1, min(4, math.ceil(4 * count / self.peak)))

    def month_starts(self) -> list[tuple[int, str]]:
        """(column, "Mar") for each column holding the 1st of a month (or the first column)."""
        labels = []
        for week in range(self.weeks):
            days = [self.day(week, weekday) for weekday in range(7)]
            first = next((day for day in days if day.day == 1), None)
            if first is not None or week == 0:
                labels.append((week, f"{(first or days[0]):%b}"))
        return labels


def heatmap(counts: dict[dt.date, int], today: dt.date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    """The calendar of the last `weeks` weeks up to today's week."""
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    shown = {day: n for day, n in counts.items() if start <= day <= today}
    return Heatmap(start, today, weeks, shown, max(shown.values(), default=0))


def streaks(days: Iterable[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive local days with something done. Today
    without anything yet does not break the current streak (the day is not over)."""
    active = set(days)
    longest = run = 0
    previous: dt.date | None = None
    for day in sorted(active):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in active else today - dt.timedelta(days=1)
    while day in active:
        current += 1
        day -= dt.timedelta(days=1)
    return current, longest


def reviews_per_day(
    reviews: Iterable[Review], today: dt.date, tz: dt.tzinfo | None = None, days: int = WINDOW_DAYS
) -> float:
    """The average number of gradings a day over the last `days` local days (with today)."""
    local = LocalDays(tz)
    since = today - dt.timedelta(days=days - 1)
    # Only the last days' reviews are turned into local dates (a day either side of UTC).
    earliest = dt.datetime.combine(since - dt.timedelta(days=1), dt.time(), dt.UTC)
    recent = [review for review in graded(reviews) if review.at >= earliest]
    return sum(1 for review in recent if since <= local(review.at) <= today) / days


def true_retention(
    reviews: Iterable[Review], now: dt.datetime, days: int = WINDOW_DAYS
) -> tuple[float | None, int]:
    """The share of gradings of mature cards (last review >= 21 days before) that were not
    Again, over the last `days` days; and how many such gradings there were."""
    since = now - dt.timedelta(days=days)
    last: dict[str, dt.datetime] = {}
    passed = total = 0
    for review in sorted(graded(reviews), key=lambda review: review.at):
        before = last.get(review.card)
        last[review.card] = review.at
        if before is None or review.at < since or review.at > now:
            continue
        if (review.at - before).days >= MATURE_DAYS:
            total += 1
            passed += review.rating != 1
    return (passed / total if total else None), total


def forecast(
    reviewer: Reviewer, now: dt.datetime, tz: dt.tzinfo | None = None, days: int = FORECAST_DAYS
) -> list[int]:
    """Cards (seen before, not suspended) due on each of the next `days` local days, today
    first; today's count holds the overdue ones too."""
    local = LocalDays(tz)
    today = local(now)
    counts = [0] * days
    due = local.count(card.due for card in reviewer.in_review() if card.kind != "new")
    for day, cards in due.items():
        index = max(0, (day - today).days)
        if index < days:
            counts[index] += cards
    return counts


class ChapterStats(NamedTuple):
    """One chapter in figures."""

    chapter: Chapter
    topics_done: int
    topics_total: int
    new: int
    learning: int
    young: int
    mature: int
    retrievability: float | None
    """FSRS's mean predicted recall now over the cards seen (None: none seen)."""
    plans: int

    @property
    def cards(self) -> int:
        """Every card of the chapter that is not suspended."""
        return self.new + self.learning + self.young + self.mature


def chapter_stats(
    guide: Guide, progress: Progress, reviewer: Reviewer, now: dt.datetime
) -> list[ChapterStats]:
    """Every chapter's figures, weakest first: chapters with cards seen by their mean
    retrievability (lowest first), then the rest by share of topics done (least first)."""
    rows = []
    enrolled = reviewer.enrolled_topics()
    for chapter in guide.chapters:
        kinds, recall = _cards_seen(reviewer, chapter, enrolled, now)
        for topic in chapter.topics:
            if topic.id not in enrolled:
                kinds["new"] += len(topic.cards)
        ids = [topic.id for topic in chapter.topics]
        plans = sum(
            1
            for question in chapter.questions
            if progress.plan(question_key(chapter.id, question.prompt)).strip()
        )
        rows.append(
            ChapterStats(
                chapter,
                progress.count_complete(ids),
                len(ids),
                kinds["new"],
                kinds["learning"],
                kinds["young"],
                kinds["mature"],
                sum(recall) / len(recall) if recall else None,
                plans,
            )
        )
    return sorted(rows, key=_weakness)


def weakest_chapter(guide: Guide, reviewer: Reviewer, now: dt.datetime) -> Chapter | None:
    """The chapter the student is predicted to recall least of today (the first of
    `chapter_stats`), reading only the cards of topics in review."""
    enrolled = reviewer.enrolled_topics()
    means = []
    for chapter in guide.chapters:
        _, recall = _cards_seen(reviewer, chapter, enrolled, now)
        if recall:
            means.append((sum(recall) / len(recall), chapter.number, chapter))
    return min(means, key=lambda mean: mean[:2])[2] if means else None


def _cards_seen(
    reviewer: Reviewer, chapter: Chapter, enrolled: set[str], now: dt.datetime
) -> tuple[Counter[str], list[float]]:
    """The kinds of the chapter's cards in review (a card never graded is new), and the
    retrievability of each card graded at least once."""
    kinds: Counter[str] = Counter()
    recall: list[float] = []
    studied = [topic for topic in chapter.topics if topic.id in enrolled]
    for key, _, _ in reviewer.cards(studied):
        if reviewer.suspended(key):
            continue
        card = reviewer.fsrs_card(key)
        if card is None or card.last_review is None:
            kinds["new"] += 1
            continue
        recall.append(float(reviewer.scheduler.get_card_retrievability(card, now)))
        if card.state.name != "Review":
            kinds["learning"] += 1
        elif (card.due - card.last_review).days >= MATURE_DAYS:
            kinds["mature"] += 1
        else:
            kinds["young"] += 1
    return kinds, recall


def _weakness(row: ChapterStats) -> tuple[int, float, int]:
    if row.retrievability is not None:
        return (0, row.retrievability, row.chapter.number)
    share = row.topics_done / row.topics_total if row.topics_total else 1.0
    return (1, share, row.chapter.number)


class Statistics(NamedTuple):
    """Everything the statistics screen and the report show."""

    today: dt.date
    heatmap: Heatmap
    current_streak: int
    longest_streak: int
    reviews_per_day: float
    retention: float | None
    retention_reviews: int
    forecast: list[int]
    chapters: list[ChapterStats]
    reviews_total: int = 0


def statistics(
    guide: Guide,
    progress: Progress,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    reviewer: Reviewer | None = None,
) -> Statistics:
    """All of a student's figures at `now`."""
    reviewer = reviewer or Reviewer(guide, progress)
    local = LocalDays(tz)
    today = local(now)
    log = graded(progress.reviews)
    days = activity(guide, progress, tz, local)
    current, longest = streaks((day for day, n in days.items() if n), today)
    retention, mature = true_retention(log, now)
    return Statistics(
        today,
        heatmap(days, today),
        current,
        longest,
        reviews_per_day(log, today, tz),
        retention,
        mature,
        forecast(reviewer, now, tz),
        chapter_stats(guide, progress, reviewer, now),
        len(log),
    )

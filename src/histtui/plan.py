"""The plan to the exam date: topics a day to finish a week early, and what to read today."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import NamedTuple

from histtui.guide import Chapter, Guide, Topic
from histtui.progress import Progress
from histtui.stats import LocalDays
from histtui.wording import plural

FINISH_EARLY_DAYS = 7
"""The plan finishes the topics this many days before the exam, leaving a week to revise."""


class ExamPlan(NamedTuple):
    """The way to the exam: how many topics a day to finish a week before it."""

    exam: dt.date | None
    today: dt.date
    topics_left: int
    days_left: int | None = None
    """Days from today to the exam (0: the exam is today; negative: it has passed)."""
    per_day: int = 0
    """Topics a day from today to finish by `finish_by` (0 when none are left)."""
    behind: int = 0
    """Topics fewer than the plan made on the day the date was set expected by now."""
    finish_by: dt.date | None = None
    today_topics: Sequence[Topic] = ()

    def summary(self) -> str:
        """The plan in a sentence or two, as the Smart Guide says it."""
        if self.exam is None:
            return "Set your exam date (E) for a plan to it."
        when = f"{self.exam.day} {self.exam:%B %Y}"
        if self.days_left is None or self.days_left < 0:
            return f"Your exam date ({when}) has passed: press E to set the next one."
        if self.days_left == 0:
            return "Your exam is today. Good luck!"
        days = f"{plural(self.days_left, 'day')} to the exam"
        if self.topics_left == 0:
            return f"{days}: every topic done; revise with r and S."
        left = f"{plural(self.topics_left, 'topic')} left"
        if self.behind:
            behind = f"{plural(self.behind, 'topic')} behind"
            return f"{days}, {left}. {behind}: {self.per_day} a day to catch up."
        return f"{days}, {left}: {self.per_day} a day to finish by {self.finish_by:%-d %B}."


def exam_plan(
    guide: Guide,
    progress: Progress,
    today: dt.date,
    exam: dt.date | None,
    set_on: dt.date | None = None,
    weakest: Chapter | None = None,
    tz: dt.tzinfo | None = None,
) -> ExamPlan:
    """The plan to `exam` from `today`; `set_on` is the day the date was set, from which
    the plan's pace is measured (being behind means fewer topics done since then than
    that pace asks); `weakest` is the chapter to revise today."""
    topics = guide.topics
    left = [topic for topic in topics if not progress.is_complete(topic.id)]
    todays = left[:2]
    if weakest is not None:
        revise = next(
            (t for t in weakest.topics if progress.is_complete(t.id) and t not in todays),
            None,
        )
        if revise is not None:
            todays.append(revise)
    if exam is None:
        return ExamPlan(None, today, len(left), today_topics=todays)
    days_left = (exam - today).days
    finish_by = exam - dt.timedelta(days=FINISH_EARLY_DAYS)
    if days_left <= 0:
        return ExamPlan(exam, today, len(left), days_left, finish_by=finish_by, today_topics=todays)
    # Days of study from today (today included) to the finish, or to the exam if the
    # finish has passed.
    study_days = max(1, (finish_by - today).days + 1) if finish_by >= today else days_left
    per_day = math.ceil(len(left) / study_days) if left else 0
    behind = 0
    if set_on is not None and set_on < today:
        local = LocalDays(tz)
        done_since = sum(
            1
            for topic in topics
            if (record := progress.topics.get(topic.id)) is not None
            and record.completed_at is not None
            and local(record.completed_at) >= set_on
        )
        left_then = len(left) + done_since
        days_then = max(1, (finish_by - set_on).days + 1)
        expected = min(left_then, left_then * (today - set_on).days // days_then)
        behind = max(0, expected - done_since)
    return ExamPlan(exam, today, len(left), days_left, per_day, behind, finish_by, todays)

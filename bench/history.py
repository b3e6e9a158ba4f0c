"""A made-up revision history: topics completed, daily reviews, plans written.

Used by the statistics tests, snapshots and the statistics benchmark. Deterministic for a
seed; every day of `days` up to `now` the student completes topics in order, lets a few
new cards in, and reviews what is due, mostly Good, sometimes Again.
"""

from __future__ import annotations

import datetime as dt
import random

from histtui.guide import Guide, question_key
from histtui.progress import Progress
from histtui.scheduling import Reviewer


def made_up_history(
    guide: Guide,
    now: dt.datetime,
    days: int = 120,
    *,
    new_per_day: int = 5,
    topics_per_day: float = 0.5,
    skip_every: int = 9,
    seed: int = 1917,
) -> Progress:
    """A student's progress after `days` days of revision ending at `now` (exclusive)."""
    rng = random.Random(seed)
    progress = Progress(guide.id)
    reviewer = Reviewer(guide, progress)
    keys = [key for key, _, _ in reviewer.cards()]
    topics = list(guide.topics)
    started = 0
    done = 0.0
    for day in range(days, 0, -1):
        if skip_every and day % skip_every == 0:
            continue
        moment = (now - dt.timedelta(days=day)).replace(hour=17, minute=0, second=0)
        done += topics_per_day
        while topics and len(progress.topics) < min(len(topics), int(done)):
            topic = topics[len(progress.topics)]
            progress.set_complete(topic.id, True, moment)
        fresh = keys[started : started + new_per_day]
        started += len(fresh)
        for key in fresh:
            if key not in progress.cards:
                topic_id = key.split("#", 1)[0]
                topic = guide.topic(topic_id)
                if topic is not None:
                    reviewer.enrol([topic], moment)
        for card in reviewer.due(moment):
            if card.key not in progress.cards:
                continue
            moment += dt.timedelta(seconds=20)
            rating = 1 if rng.random() < 0.1 else (4 if rng.random() < 0.2 else 3)
            reviewer.grade(card.key, rating, moment)
        if day % 17 == 0 and guide.chapters:
            chapter = guide.chapters[day % len(guide.chapters)]
            for question in chapter.questions[:1]:
                key = question_key(chapter.id, question.prompt)
                progress.set_plan(key, "- A plan", moment)
    return progress

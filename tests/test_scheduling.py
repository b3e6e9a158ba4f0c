"""FSRS scheduling with a fixed clock: enrolment, due order, grading and the review log."""

from __future__ import annotations

import datetime as dt

from histtui.guide import Card, Topic
from histtui.progress import Progress, ProgressStore
from histtui.scheduling import Reviewer, card_key

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_card_keys_follow_the_question_not_the_position():
    topic = Topic("t", "T", "body", [Card("Q1", "A1"), Card("Q2", "A2")])
    reordered = Topic("t", "T", "body", [Card("Q2", "A2"), Card("Q1", "A1")])
    assert card_key(topic, topic.cards[0]) == card_key(reordered, reordered.cards[1])
    assert card_key(topic, Card("Q1 reworded", "A1")) != card_key(topic, topic.cards[0])


def test_cards_enter_review_when_enrolled_and_come_due_in_guide_order(small_guide):
    progress = Progress(small_guide.id)
    reviewer = Reviewer(small_guide, progress)
    assert reviewer.due(START) == []
    assert reviewer.enrol([small_guide.topics[0]], START) == 1
    assert reviewer.enrol([small_guide.topics[0]], START) == 0
    (due,) = reviewer.due(START)
    assert due.card.front == "What did Clemenceau want from the peace?"
    assert due.topic.id == "big-three-aims"
    assert reviewer.counts(START).now == 1


def test_grading_schedules_by_fsrs_and_logs_the_review(small_guide):
    progress = Progress(small_guide.id)
    reviewer = Reviewer(small_guide, progress)
    reviewer.enrol(small_guide.topics, START)
    key = reviewer.due(START)[0].key
    # A new card graded Good moves to its next learning step, ten minutes on.
    assert reviewer.grade(key, 3, START) == START + dt.timedelta(minutes=10)
    assert reviewer.due(START) == []
    later = START + dt.timedelta(minutes=10)
    next_due = reviewer.grade(key, 3, later)
    assert next_due - later >= dt.timedelta(days=1)
    # Again sends it back to relearning, minutes away.
    again = reviewer.grade(key, 1, next_due)
    assert again - next_due <= dt.timedelta(minutes=10)
    assert [(review.rating, review.at) for review in progress.reviews] == [
        (3, START),
        (3, later),
        (1, next_due),
    ]
    assert reviewer.reviewed(small_guide.topics) == 3
    assert reviewer.next_due() == again


def test_the_same_gradings_give_the_same_schedule(small_guide):
    def run() -> list[dt.datetime]:
        progress = Progress(small_guide.id)
        reviewer = Reviewer(small_guide, progress)
        reviewer.enrol(small_guide.topics, START)
        key = reviewer.due(START)[0].key
        now, times = START, []
        for rating in (3, 3, 2, 4, 1, 3):
            now = reviewer.grade(key, rating, now)
            times.append(now)
        return times

    assert run() == run()


def test_card_states_survive_the_progress_file(small_guide, tmp_path, clock):
    store = ProgressStore(tmp_path / "p.toml", small_guide.id, clock)
    progress = store.load()
    reviewer = Reviewer(small_guide, progress)
    reviewer.enrol(small_guide.topics, START)
    key = reviewer.due(START)[0].key
    next_due = reviewer.grade(key, 4, START)
    store.save(progress)
    reloaded = ProgressStore(tmp_path / "p.toml", small_guide.id, clock).load()
    assert Reviewer(small_guide, reloaded).due_at(key) == next_due
    assert reloaded.reviews == progress.reviews

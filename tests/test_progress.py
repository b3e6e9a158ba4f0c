"""The progress file: what a student did, saved atomically, merged, never clobbered."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

from histtui.filesafety import write_atomic
from histtui.progress import Progress, ProgressStore, Stamped


def test_complete_and_incomplete(clock):
    progress = Progress("g")
    progress.set_complete("a", True, clock())
    progress.set_complete("b", True, clock())
    progress.set_complete("b", False, clock())
    assert progress.is_complete("a") and not progress.is_complete("b")
    assert progress.count_complete(["a", "b", "c"]) == 1


def test_saved_file_is_toml_with_completion_times_and_last_topic(state_path, clock):
    store = ProgressStore(state_path, "g", clock)
    progress = store.load()
    progress.set_complete("versailles-terms", True, clock())
    progress.last_topic = Stamped("versailles-terms", clock())
    store.save(progress)
    document = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert document["format"] == 1
    assert document["guide"] == "g"
    assert document["last_topic"]["value"] == "versailles-terms"
    completed = document["topics"]["versailles-terms"]["completed_at"]
    assert completed == dt.datetime(2026, 3, 1, 9, 0, 1, tzinfo=dt.UTC)
    reloaded = ProgressStore(state_path, "g", clock).load()
    assert reloaded.is_complete("versailles-terms")
    assert reloaded.last_topic.value == "versailles-terms"


def test_records_of_topics_outside_the_guide_are_kept(state_path, clock):
    store = ProgressStore(state_path, "g", clock)
    progress = store.load()
    progress.set_complete("a-topic-since-removed", True, clock())
    store.save(progress)
    again = ProgressStore(state_path, "g", clock)
    progress = again.load()
    progress.set_complete("another", True, clock())
    again.save(progress)
    assert ProgressStore(state_path, "g", clock).load().is_complete("a-topic-since-removed")


def test_two_instances_merge_rather_than_clobber(state_path, clock):
    first = ProgressStore(state_path, "g", clock)
    second = ProgressStore(state_path, "g", clock)
    mine, theirs = first.load(), second.load()
    mine.set_complete("a", True, clock())
    first.save(mine)
    theirs.set_complete("b", True, clock())
    second.save(theirs)
    # The later change to the same record wins, whichever instance made it.
    mine.set_complete("b", False, clock())
    first.save(mine)
    final = ProgressStore(state_path, "g", clock).load()
    assert final.is_complete("a") and not final.is_complete("b")
    assert theirs.is_complete("a"), "the second instance took in the first's change"


def test_unreadable_file_is_moved_aside_never_overwritten(state_path, clock):
    state_path.write_text("this is [not toml", encoding="utf-8")
    store = ProgressStore(state_path, "g", clock)
    progress = store.load()
    assert progress.topics == {}
    (moved,) = state_path.parent.glob("progress.toml.bad-*")
    assert moved.read_text(encoding="utf-8") == "this is [not toml"
    assert str(moved) in store.notices[0]
    progress.set_complete("a", True, clock())
    store.save(progress)
    assert ProgressStore(state_path, "g", clock).load().is_complete("a")
    assert moved.read_text(encoding="utf-8") == "this is [not toml"


def test_wrong_types_count_as_unreadable(state_path, clock):
    state_path.write_text(
        'format = 1\nguide = "g"\n[topics.a]\nupdated_at = "yesterday"\n', encoding="utf-8"
    )
    store = ProgressStore(state_path, "g", clock)
    assert store.load().topics == {}
    assert len(list(state_path.parent.glob("progress.toml.bad-*"))) == 1


def test_newer_format_is_left_alone_and_nothing_saved(state_path, clock):
    text = 'format = 99\nguide = "g"\n[future]\nthing = 1\n'
    state_path.write_text(text, encoding="utf-8")
    store = ProgressStore(state_path, "g", clock)
    progress = store.load()
    assert store.read_only
    assert "newer histtui" in store.notices[0]
    progress.set_complete("a", True, clock())
    store.save(progress)
    assert state_path.read_text(encoding="utf-8") == text


def test_save_failure_keeps_progress_in_memory_and_says_where(tmp_path, clock):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    store = ProgressStore(blocker / "progress.toml", "g", clock)
    progress = store.load()
    progress.set_complete("a", True, clock())
    store.save(progress)
    assert progress.is_complete("a")
    assert store.save_error is not None and str(blocker) in store.save_error
    assert "--state" in store.save_error


def test_write_atomic_leaves_no_temp_files(tmp_path: Path):
    target = tmp_path / "deep" / "file.toml"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert os.listdir(target.parent) == ["file.toml"]


def test_notes_bookmarks_cards_plans_and_reviews_merge_per_item(state_path, clock):
    from histtui.progress import CardRecord, Review

    first = ProgressStore(state_path, "g", clock)
    second = ProgressStore(state_path, "g", clock)
    mine, theirs = first.load(), second.load()
    mine.set_note("a", "my note", clock())
    mine.set_bookmark("a", True, clock())
    mine.reviews.append(Review("a#1", 3, clock()))
    first.save(mine)
    theirs.set_note("b", "their note", clock())
    theirs.set_plan("c#9", "- plan", clock())
    # A card as the scheduler leaves it after enrolling: learning, at its first step.
    card = {"card_id": 1, "state": 1, "step": 0, "due": clock()}
    theirs.cards["a#1"] = CardRecord(clock(), dict(card))
    theirs.reviews.append(Review("a#1", 1, clock()))
    theirs.set_bookmark("a", False, clock())
    second.save(theirs)
    final = ProgressStore(state_path, "g", clock).load()
    assert final.note("a") == "my note" and final.note("b") == "their note"
    assert final.plan("c#9") == "- plan"
    assert not final.is_bookmarked("a"), "the later change to the bookmark wins"
    assert final.cards["a#1"].state == card
    assert [review.rating for review in final.reviews] == [3, 1]


def test_a_truncated_file_is_moved_aside(state_path, clock):
    store = ProgressStore(state_path, "g", clock)
    progress = store.load()
    for topic in ("a", "b", "c"):
        progress.set_complete(topic, True, clock())
    store.save(progress)
    whole = state_path.read_bytes()
    state_path.write_bytes(whole[: len(whole) // 2])  # a power cut mid-copy
    again = ProgressStore(state_path, "g", clock)
    assert again.load().topics == {}
    (moved,) = state_path.parent.glob("progress.toml.bad-*")
    assert moved.read_bytes() == whole[: len(whole) // 2]
    assert "could not be read" in again.notices[0]


def test_a_file_nested_too_deeply_is_moved_aside_not_a_crash(state_path, clock):
    state_path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    store = ProgressStore(state_path, "g", clock)
    assert store.load().topics == {}
    assert len(list(state_path.parent.glob("progress.toml.bad-*"))) == 1
    assert store.notices[0].startswith("Your progress file could not be read (nested too deeply)")

"""Saving big progress files quickly: the TOML writer, and skipping the re-read of our own file."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from histtui.progress import CardRecord, Progress, ProgressStore, Review, Stamped
from histtui.progress.records import Place
from histtui.progress.writer import TomlWriter

BASE = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

keys = st.text(min_size=1, max_size=12)
times = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda moment: moment.replace(microsecond=0))
texts = st.text(max_size=40)


@st.composite
def progresses(draw: st.DrawFn) -> Progress:
    """A progress with some of every kind of record."""
    progress = Progress(draw(st.text(min_size=1, max_size=10)))
    for key in draw(st.lists(keys, max_size=5)):
        progress.set_complete(key, draw(st.booleans()), draw(times))
    for key in draw(st.lists(keys, max_size=3)):
        progress.set_note(key, draw(texts), draw(times))
    for key in draw(st.lists(keys, max_size=3)):
        progress.set_bookmark(key, draw(st.booleans()), draw(times))
    for key in draw(st.lists(keys, max_size=3)):
        progress.set_plan(key, draw(texts), draw(times))
    for key in draw(st.lists(keys, max_size=3)):
        progress.cards[key] = CardRecord(
            draw(times),
            {
                "card_id": 1,
                "state": 2,  # in review: the scheduler needs its stability and difficulty
                "stability": 3.5,
                "difficulty": 5.0,
                "due": draw(times),
            },
        )
    for key in draw(st.lists(keys, max_size=3)):
        progress.reviews.append(Review(key, draw(st.integers(1, 4)), draw(times)))
    if draw(st.booleans()):
        progress.last_topic = Stamped(draw(keys), draw(times))
    return progress


@given(progresses())
def test_the_writer_writes_with_tomli_w_what_tomli_w_would(progress):
    document = progress.to_toml()
    text = TomlWriter().dumps(progress)
    assert text == tomli_w.dumps(document)
    assert Progress.from_toml(tomllib.loads(text)) == progress


@given(st.lists(progresses(), min_size=2, max_size=4))
def test_the_writer_stays_right_as_progress_changes_between_saves(sequence):
    writer = TomlWriter()
    for progress in sequence:
        assert writer.dumps(progress) == tomli_w.dumps(progress.to_toml())


moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=2))]),
)
edits = st.tuples(
    st.sampled_from(["complete", "note", "bookmark", "place", "card", "remove", "clear"]),
    keys,
    st.booleans(),
    moments,
)


@given(progresses(), st.lists(edits, max_size=15))
def test_the_writer_writes_what_tomli_w_writes_as_one_progress_changes(progress, changes):
    """Records replaced, added and removed between saves, as a session and merges do."""
    writer = TomlWriter()
    assert writer.dumps(progress) == tomli_w.dumps(progress.to_toml())
    for kind, key, flag, moment in changes:
        if kind == "complete":
            progress.set_complete(key, flag, moment)
        elif kind == "note":
            progress.set_note(key, f"note {flag}", moment)
        elif kind == "bookmark":
            progress.set_bookmark(key, flag, moment)
        elif kind == "place":
            progress.places[key] = Place(moment, int(flag))
        elif kind == "card":
            progress.cards[key] = CardRecord(
                moment, {"card_id": 1, "state": 1, "step": 0, "due": moment}
            )
        elif kind == "remove":
            progress.topics.pop(key, None) or progress.topics.pop(
                min(progress.topics, default=""), None
            )
        else:
            getattr(progress, "notes" if flag else "topics").clear()
        assert writer.dumps(progress) == tomli_w.dumps(progress.to_toml())


def test_a_big_progress_file_reads_back_the_same(state_path):
    progress = Progress("g")
    for number in range(5000):
        progress.set_complete(f"topic-{number}", number % 3 == 0, BASE)
    progress.last_topic = Stamped("topic-7", BASE)
    store = ProgressStore(state_path, "g")
    store.save(progress)
    progress.set_complete("topic-1", True, BASE + dt.timedelta(seconds=1))
    store.save(progress)
    document = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert document == progress.to_toml()


def test_a_file_only_this_store_wrote_is_not_read_again(state_path, monkeypatch):
    store = ProgressStore(state_path, "g")
    progress = store.load()
    progress.set_complete("a", True, BASE)
    store.save(progress)
    reads: list[Path] = []
    real = tomllib.loads
    monkeypatch.setattr(
        "histtui.progress.store.tomllib.loads", lambda text: reads.append(state_path) or real(text)
    )
    progress.set_complete("b", True, BASE)
    store.save(progress)
    assert reads == []
    assert ProgressStore(state_path, "g").load().is_complete("b")


def test_a_file_written_by_another_instance_is_merged(state_path):
    mine = ProgressStore(state_path, "g")
    theirs = ProgressStore(state_path, "g")
    my_progress, their_progress = mine.load(), theirs.load()
    my_progress.set_complete("a", True, BASE)
    mine.save(my_progress)
    their_progress.set_complete("b", True, BASE)
    theirs.save(their_progress)
    my_progress.set_complete("c", True, BASE)
    mine.save(my_progress)
    final = ProgressStore(state_path, "g").load()
    assert all(final.is_complete(topic) for topic in "abc")


def test_a_file_edited_in_place_is_merged(state_path):
    store = ProgressStore(state_path, "g")
    progress = store.load()
    progress.set_complete("a", True, BASE)
    store.save(progress)
    # An editor that rewrites the file in place keeps its inode; its size or mtime moves.
    text = state_path.read_text(encoding="utf-8")
    stamp = "2026-03-02 09:00:00+00:00"
    extra = f"\n[topics.z]\nupdated_at = {stamp}\ncompleted_at = {stamp}\n"
    with state_path.open("a", encoding="utf-8") as handle:
        handle.write(extra)
    assert text in state_path.read_text(encoding="utf-8")
    progress.set_complete("b", True, BASE)
    store.save(progress)
    final = ProgressStore(state_path, "g").load()
    assert final.is_complete("z") and final.is_complete("b")


def test_a_deleted_file_is_written_again(state_path):
    store = ProgressStore(state_path, "g")
    progress = store.load()
    progress.set_complete("a", True, BASE)
    store.save(progress)
    os.remove(state_path)
    progress.set_complete("b", True, BASE)
    store.save(progress)
    final = ProgressStore(state_path, "g").load()
    assert final.is_complete("a") and final.is_complete("b")

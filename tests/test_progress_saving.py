"""Saving big progress files quickly: the TOML writer, and skipping the re-read of our own file."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from histtui.progress import Progress, ProgressStore, Stamped, TomlWriter

BASE = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

keys = st.text(min_size=1, max_size=12)
times = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)
scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), times)
documents = st.dictionaries(
    keys,
    st.one_of(
        scalars,
        st.dictionaries(keys, st.one_of(scalars, st.dictionaries(keys, scalars, max_size=3))),
    ),
    max_size=6,
)


@given(documents)
def test_the_writer_writes_what_tomli_w_writes(document):
    text = TomlWriter().dumps(document)
    assert text == tomli_w.dumps(document)
    assert tomllib.loads(text) == document


@given(st.lists(documents, min_size=2, max_size=4))
def test_the_writer_stays_right_as_documents_change_between_saves(sequence):
    writer = TomlWriter()
    for document in sequence:
        assert tomllib.loads(writer.dumps(document)) == document


def test_what_the_writer_does_not_know_goes_to_tomli_w():
    document = {"a": [1, 2], "b": 1.5, "c": {"d": [{"e": 1}]}}
    assert TomlWriter().dumps(document) == tomli_w.dumps(document)


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
        "histtui.progress.tomllib.loads", lambda text: reads.append(state_path) or real(text)
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

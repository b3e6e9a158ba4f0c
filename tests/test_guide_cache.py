"""The guide cache: a shortcut to `load_guide`'s result, never a different one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from histtui import guide_cache
from histtui.guide import GuideError
from histtui.guide_cache import decode, encode, load_guide_cached
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide
from tests.conftest import SMALL_GUIDE


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    path = tmp_path / "guide.toml"
    shutil.copyfile(SMALL_GUIDE, path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any parse of a guide fail the test: the cache must answer."""

    def parse(raw: bytes, path: Path) -> None:
        raise AssertionError(f"{path} was parsed, not read from the cache")

    monkeypatch.setattr(guide_cache, "guide_from_bytes", parse)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_cached_guide_is_the_guide_load_guide_gives(guide_file, folder, monkeypatch):
    first = load_guide_cached(guide_file, folder)
    assert encode(first) == encode(load_guide(guide_file))
    no_parsing(monkeypatch)
    second = load_guide_cached(guide_file, folder)
    assert encode(second) == encode(first)
    assert second.path == guide_file
    # The links between units, chapters and topics are rebuilt, not just the data.
    topic = second.topic("rise-of-stalin")
    assert topic is not None and topic.chapter.unit.id == "crisis"
    assert second.next_topic(second.topics[0]) is second.topics[1]


def test_the_bundled_guide_round_trips_through_the_cache(folder, monkeypatch):
    path = bundled_guide()
    parsed = load_guide_cached(path, folder)
    no_parsing(monkeypatch)
    assert encode(load_guide_cached(path, folder)) == encode(parsed)
    assert encode(decode(encode(parsed), path)) == encode(parsed)


def test_a_changed_guide_is_parsed_again_and_the_cache_rewritten(guide_file, folder):
    load_guide_cached(guide_file, folder)
    (cache,) = cache_files(folder)
    before = cache.read_bytes()
    text = guide_file.read_text(encoding="utf-8")
    guide_file.write_text(text.replace("Small Test Guide", "Small Test Guide, Revised"), "utf-8")
    assert load_guide_cached(guide_file, folder).title == "Small Test Guide, Revised"
    assert cache.read_bytes() != before
    assert load_guide_cached(guide_file, folder).title == "Small Test Guide, Revised"


def test_same_size_and_mtime_but_other_bytes_is_not_a_hit(guide_file, folder):
    load_guide_cached(guide_file, folder)
    status = guide_file.stat()
    text = guide_file.read_text(encoding="utf-8")
    swapped = text.replace("Small Test Guide", "Llams Test Guide")
    assert len(swapped.encode()) == status.st_size
    guide_file.write_text(swapped, encoding="utf-8")
    os.utime(guide_file, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert load_guide_cached(guide_file, folder).title == "Llams Test Guide"


def test_a_touched_guide_is_parsed_again(guide_file, folder, monkeypatch):
    load_guide_cached(guide_file, folder)
    calls = []
    real = guide_cache.guide_from_bytes
    monkeypatch.setattr(
        guide_cache, "guide_from_bytes", lambda raw, path: calls.append(path) or real(raw, path)
    )
    status = guide_file.stat()
    os.utime(guide_file, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    load_guide_cached(guide_file, folder)
    assert calls == [guide_file]


@pytest.mark.parametrize(
    "damage",
    [
        lambda content: b"",
        lambda content: b"\x00\xff garbage",
        lambda content: content[: len(content) // 2],
        lambda content: b"[]\n" + content.partition(b"\n")[2],
        # Whole JSON with a matching key, but the guide inside was changed afterwards.
        lambda content: content.replace(b"Small Test Guide", b"Forged Test Guide"),
    ],
    ids=["empty", "garbage", "truncated", "wrong-header", "tampered"],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(guide_file, folder, damage):
    load_guide_cached(guide_file, folder)
    (cache,) = cache_files(folder)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    assert load_guide_cached(guide_file, folder).title == "Small Test Guide"
    assert cache.read_bytes() == good


def test_a_cache_from_other_code_is_not_used(guide_file, folder):
    load_guide_cached(guide_file, folder)
    (cache,) = cache_files(folder)
    header, _, payload = cache.read_bytes().partition(b"\n")
    stored = json.loads(header)
    stored["key"]["code"] = "0" * 64
    forged = payload.replace(b"Small Test Guide", b"Forged Test Guide")
    stored["payload_crc32"] = guide_cache.zlib.crc32(forged)
    cache.write_bytes(json.dumps(stored).encode() + b"\n" + forged)
    assert load_guide_cached(guide_file, folder).title == "Small Test Guide"


def test_a_guide_with_problems_is_reported_in_full_and_never_cached(guide_file, folder):
    text = guide_file.read_text(encoding="utf-8")
    guide_file.write_text(text.replace('id = "versailles-terms"', 'id = "big-three-aims"'), "utf-8")
    with pytest.raises(GuideError) as caught:
        load_guide_cached(guide_file, folder)
    assert any("duplicate id" in problem for problem in caught.value.problems)
    assert cache_files(folder) == []
    with pytest.raises(GuideError):
        load_guide_cached(guide_file, folder)


def test_a_missing_guide_says_so(tmp_path, folder):
    with pytest.raises(GuideError) as caught:
        load_guide_cached(tmp_path / "nowhere.toml", folder)
    assert "cannot read the guide" in caught.value.problems[0]


def test_an_unwritable_cache_folder_only_costs_speed(guide_file, tmp_path):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("", encoding="utf-8")
    for folder in (blocker, blocker / "cache"):
        assert load_guide_cached(guide_file, folder).title == "Small Test Guide"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs Unix permissions")
def test_a_read_only_cache_folder_only_costs_speed(guide_file, folder):
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert load_guide_cached(guide_file, folder).title == "Small Test Guide"
        assert cache_files(folder) == []
    finally:
        folder.chmod(0o700)


def test_writing_leaves_no_temp_files_and_one_cache_per_guide(guide_file, folder, tmp_path):
    other = tmp_path / "other.toml"
    shutil.copyfile(SMALL_GUIDE, other)
    for _ in range(2):
        load_guide_cached(guide_file, folder)
        load_guide_cached(other, folder)
    files = cache_files(folder)
    assert len(files) == 2
    assert all(file.suffix == ".json" and not file.name.startswith(".") for file in files)


def test_a_cached_guide_reads_its_topics_text_from_the_file_when_used(folder, monkeypatch):
    """The topics' text stays in the cache file until a topic is opened: holding it cost a
    megabyte for the bundled guide (twelve at 5,000 topics), most of it never read. Nor are
    the guide file and the cache file held whole to check them."""
    import tracemalloc

    path = bundled_guide()
    load_guide_cached(path, folder)
    (cache,) = cache_files(folder)
    no_parsing(monkeypatch)
    tracemalloc.start()
    try:
        cached = load_guide_cached(path, folder)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # It held the cache file's bytes (999 KB) besides what it decoded (850 KB) from them.
    assert kept < cache.stat().st_size, kept
    # And at once the guide's bytes (1.1 MB), the cache's, and what it decoded.
    assert peak < cache.stat().st_size + path.stat().st_size, peak
    # Every topic reads back whole, and as the guide has it.
    parsed = load_guide(path)
    assert [t.body for t in cached.topics] == [t.body for t in parsed.topics]
    assert [t.cards for t in cached.topics] == [t.cards for t in parsed.topics]


@pytest.mark.skipif(os.name != "posix", reason="Windows cannot replace an open file")
def test_a_cache_replaced_while_histtui_runs_leaves_its_guide_reading_what_it_checked(
    guide_file, folder
):
    first = load_guide_cached(guide_file, folder)  # parsed, cache written
    opened = load_guide_cached(guide_file, folder)  # from the cache, text not yet read
    (cache,) = cache_files(folder)
    other = cache.with_name("other")
    other.write_bytes(b"{}\n" + b"x" * 100)
    os.replace(other, cache)  # as another histtui writes it, atomically
    assert [t.body for t in opened.topics] == [t.body for t in first.topics]

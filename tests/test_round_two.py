"""Issue #12, second round: what the first fixes left (a BOM, `format = true`, links where
the progress file and its lock go, keys typed while quitting)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from histtui.guide_check import load_guide
from histtui.progress import Progress, ProgressStore, utc_now
from histtui.safekeeping import FINAL_LOCK_WAIT
from histtui.scheduling import Reviewer
from histtui.statefile import Refused, read_progress
from tests.conftest import SMALL_GUIDE

GOOD = """format = 1
guide = "g"

[topics.a]
updated_at = 2026-03-01T09:00:00Z
completed_at = 2026-03-01T09:00:00Z
"""


def test_a_byte_order_mark_at_the_start_of_a_progress_file_is_read_not_set_aside(
    tmp_path: Path, clock
):
    path = tmp_path / "progress.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    store = ProgressStore(path, "g", clock)
    progress = store.load()
    assert progress.is_complete("a")
    assert not store.notices and not list(tmp_path.glob("*.bad-*"))
    assert read_progress(path, "g").is_complete("a")
    store.save(progress)
    assert store.save_error is None
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), "written back without one"


def test_format_true_is_not_format_one(tmp_path: Path, clock):
    path = tmp_path / "progress.toml"
    path.write_text(GOOD.replace("format = 1", "format = true"), encoding="utf-8")
    with pytest.raises(Refused):
        read_progress(path, "g")
    store = ProgressStore(path, "g", clock)
    progress = store.load()
    assert not progress.is_complete("a")
    assert len(list(tmp_path.glob("progress.toml.bad-*"))) == 1, "set aside, kept"
    assert "unknown format" in store.notices[0]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_progress_file_that_is_a_symlink_is_written_through_to_its_target(tmp_path: Path, clock):
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    target = stick / "progress.toml"
    target.write_text(GOOD, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    link = data / "g.toml"
    link.symlink_to(target)
    store = ProgressStore(link, "g", clock)
    progress = store.load()
    for topic in ("b", "c"):  # a second save too: the stick sees every one
        progress.set_complete(topic, True, clock())
        store.save(progress)
        assert store.save_error is None
        assert link.is_symlink(), "the link is still a link"
        assert ProgressStore(target, "g", clock).load().is_complete(topic)
    assert not list(data.glob("*.tmp")) and not list(stick.glob("*.tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_lock_file_planted_as_a_symlink_creates_nothing_where_it_points(tmp_path: Path, clock):
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir()
    victim = elsewhere / "created-by-histtui"
    path = tmp_path / "progress.toml"
    store = ProgressStore(path, "g", clock)
    store.lock_path.symlink_to(victim)
    progress = store.load()
    progress.set_complete("a", True, clock())
    store.save(progress)
    assert not victim.exists(), "no file was created where the planted link points"
    assert store.lock_path.is_symlink()
    assert not path.exists(), "nothing is written without the lock"
    assert store.save_error, "the student is told the progress is not saved"
    assert os.path.lexists(store.lock_path)


async def test_q_then_t_typed_fast_quits_without_an_error(make_app):
    # Typed fast, both keys arrive in one read from the terminal: the driver posts both
    # before either is handled (pilot.press would wait for `q` to be handled first).
    for second in ("t", "question_mark", "slash", "r"):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            for key, character in (
                ("q", "q"),
                (second, "?" if second == "question_mark" else None),
            ):
                app.post_message(events.Key(key, character or (key if len(key) == 1 else None)))
            await pilot.pause()
        assert app.return_code == 0, f"q then {second}: {app.return_code}"
        assert app.session.saved


# Two histtuis on one file, each a real process on the real clock, taking turns by files.
# A marks X complete and then incomplete at once (within one second); B, which never
# touches X, saves in between and after. B's last save must not bring X back.
SAME_SECOND = """
import sys, time
from pathlib import Path
from histtui.progress import ProgressStore, utc_now

path, role, folder = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

def wait_for(name):
    while not (folder / name).exists():
        time.sleep(0.001)

def say(name):
    (folder / name).touch()

store = ProgressStore(path, "g")
progress = store.load()
if role == "A":
    # Start early in a second, so that both of A's changes fall within it.
    while time.time() % 1 > 0.3:
        time.sleep(0.005)
    progress.set_complete("x", True, utc_now())
    store.save(progress)
    say("a-complete")
    wait_for("b-merged")
    progress.set_complete("x", False, utc_now())
    store.save(progress)
    say("a-incomplete")
else:
    wait_for("a-complete")
    progress.set_complete("y", True, utc_now())
    store.save(progress)  # takes in A's X, complete
    say("b-merged")
    wait_for("a-incomplete")
    progress.set_bookmark("y", True, utc_now())
    store.save(progress)  # must not put back X as it was
assert store.save_error is None and not store.pending, (store.save_error, store.pending)
print("done", flush=True)
"""


def test_a_change_undone_within_a_second_is_not_undone_by_another_copy(tmp_path: Path):
    path = tmp_path / "progress.toml"
    for round_ in range(3):
        folder = tmp_path / f"round-{round_}"
        folder.mkdir()
        path.unlink(missing_ok=True)
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", SAME_SECOND, str(path), role, str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for role in ("B", "A")
        ]
        for process in processes:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert out.strip() == "done"
        final = ProgressStore(path, "g").load()
        assert final.is_complete("y") and final.is_bookmarked("y")
        assert not final.is_complete("x"), f"round {round_}: B put back A's undone change"


# Item 3: a record of the wrong shape is set aside, the rest loads, the student is told once.

T = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
GOOD_RECORDS: dict[str, dict[str, Any]] = {
    "topics": {"updated_at": T, "completed_at": T},
    "notes": {"updated_at": T, "text": "a note"},
    "bookmarks": {"updated_at": T, "on": True},
    "plans": {"updated_at": T, "text": "a plan"},
    "cards": {
        "updated_at": T,
        "card_id": 1234,
        "state": 2,
        "stability": 3.5,
        "difficulty": 5.0,
        "due": T,
        "last_review": T,
    },
}
GOOD_REVIEW = {"card": "t#1", "rating": 3, "at": T}
GOOD_SETTING = {"value": "textual-dark", "updated_at": T}

bad_values = st.one_of(
    st.text(max_size=6),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.lists(st.integers(0, 9), max_size=2),
    st.dictionaries(st.text("abc", max_size=2), st.integers(0, 9), max_size=2),
)
KINDS = [*GOOD_RECORDS, "reviews", "last_topic", "theme"]


@st.composite
def damaged(draw: st.DrawFn, good: dict[str, Any]) -> Any:
    """`good` with one field given a value of any type, or removed, or the whole replaced."""
    how = draw(st.sampled_from(["field", "missing", "whole"]))
    if how == "whole":
        return draw(bad_values)
    record = dict(good)
    name = draw(st.sampled_from(sorted(record)))
    if how == "missing":
        del record[name]
    else:
        record[name] = draw(bad_values)
    return record


@st.composite
def documents_with_a_bad_record(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A progress document with a good record of every kind and a damaged one of one kind."""
    document: dict[str, Any] = {"format": 1, "guide": "g"}
    for name, good in GOOD_RECORDS.items():
        document[name] = {"good": dict(good)}
    document["reviews"] = [dict(GOOD_REVIEW)]
    kind = draw(st.sampled_from(KINDS))
    if kind in GOOD_RECORDS:
        if draw(st.booleans()):
            document[kind]["bad"] = draw(damaged(GOOD_RECORDS[kind]))
        else:
            document[kind] = draw(bad_values)  # the whole collection
    elif kind == "reviews":
        document["reviews"].append(draw(damaged(GOOD_REVIEW)))
    else:
        document[kind] = draw(damaged(GOOD_SETTING))
    return document, kind


def check_usable(progress: Progress) -> None:
    """Everything loaded is what the app expects: a scheduler can grade every card."""
    reviewer = Reviewer(load_guide(SMALL_GUIDE), progress)
    for key in list(progress.cards):
        assert isinstance(reviewer.due_at(key), dt.datetime)
        reviewer.grade(key, 3, T + dt.timedelta(days=400))
    for record in progress.topics.values():
        assert isinstance(record.updated_at, dt.datetime)
    for note in (*progress.notes.values(), *progress.plans.values()):
        assert isinstance(note.text, str)
    for setting in (progress.theme, progress.last_topic):
        assert setting is None or isinstance(setting.value, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_with_a_bad_record())
def test_a_bad_record_of_any_kind_is_set_aside_and_the_rest_loads(
    case: tuple[dict[str, Any], str],
) -> None:
    document, kind = case
    raw = tomli_w.dumps(document).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.toml"
        path.write_bytes(raw)
        store = ProgressStore(path, "g")
        progress = store.load()  # never raises
        check_usable(progress)
        for name in GOOD_RECORDS:
            if name != kind:
                assert "good" in getattr(progress, name), f"good {name} lost"
        if kind != "reviews":
            assert progress.reviews, "the good review was lost"
        copies = list(Path(folder).glob("progress.toml.bad-*"))
        if progress.left_out:
            assert len(store.notices) == 1, "told once"
            assert len(copies) == 1 and copies[0].read_bytes() == raw, "a copy as it was"
        else:
            assert not store.notices and not copies
        progress.set_complete("new", True, T + dt.timedelta(days=1))
        store.save(progress)
        assert store.save_error is None
        again = ProgressStore(path, "g")
        reloaded = again.load()
        assert reloaded.left_out == [] and not again.notices, "the bad record was not saved back"
        assert reloaded.is_complete("new")
        check_usable(reloaded)
        # Export reads the same file as it was, without a traceback.
        path.write_bytes(raw)
        exported = read_progress(path, "g")
        assert exported.left_out == progress.left_out


ISSUE_CARDS = {
    "garbage-due": 'due = "garbage"',
    "state-99": "state = 99",
    "no-due": None,
    "card-id-x": 'card_id = "x"',
}


def file_with_the_issues_cards() -> str:
    """The bad cards of issue #12 beside a good completed topic."""
    lines = [
        "format = 1",
        'guide = "g"',
        "[topics.a]",
        "updated_at = 2026-03-01T09:00:00Z",
        "completed_at = 2026-03-01T09:00:00Z",
    ]
    for key, change in ISSUE_CARDS.items():
        fields = {
            "updated_at": "2026-03-01T09:00:00Z",
            "card_id": "1",
            "state": "2",
            "stability": "3.5",
            "difficulty": "5.0",
            "due": "2026-03-02T09:00:00Z",
        }
        if change is None:
            del fields["due"]
        else:
            name, value = change.split(" = ")
            fields[name] = value
        lines.append(f'[cards."{key}"]')
        lines += [f"{name} = {value}" for name, value in fields.items()]
    return "\n".join(lines) + "\n"


async def test_the_app_starts_on_a_file_with_bad_cards_and_says_so_once(
    make_app, state_path: Path, small_guide
):
    text = file_with_the_issues_cards().replace('guide = "g"', f'guide = "{small_guide.id}"')
    state_path.write_text(text, encoding="utf-8")
    for start in range(2):  # and again: nothing bad was saved back
        app = make_app()
        told = [notice for notice in app.session.store.notices if "could not be read" in notice]
        assert len(told) == (1 if start == 0 else 0), told
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")  # the review screen reads every card
            await pilot.pause()
            await pilot.press("escape", "q")
        assert app.return_code == 0
        assert app.session.progress.is_complete("a")
        assert not app.session.store.notices, "shown"
    assert len(list(state_path.parent.glob("progress.toml.bad-*"))) == 1


def test_export_of_a_file_with_bad_cards_shows_no_traceback(tmp_path: Path):
    guide = tmp_path / "guide.toml"
    guide.write_bytes(SMALL_GUIDE.read_bytes())
    state = tmp_path / "progress.toml"
    guide_id = load_guide(SMALL_GUIDE).id
    state.write_text(
        file_with_the_issues_cards().replace('guide = "g"', f'guide = "{guide_id}"'),
        encoding="utf-8",
    )
    before = state.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "histtui", "--guide", str(guide), "--state", str(state), "export"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "4 records" in result.stderr
    assert state.read_bytes() == before and sorted(tmp_path.iterdir()) == [guide, state]


async def test_the_quit_signal_handlers_go_with_the_app(make_app):
    import signal as signals

    before = signals.getsignal(signals.SIGTERM)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert signals.getsignal(signals.SIGTERM) is not before, "caught while running"
        await pilot.press("q")
    assert signals.getsignal(signals.SIGTERM) == signals.SIG_DFL


# Item 4(a): copy A stops in the middle of a save (SIGSTOP, a slow USB stick) holding the
# lock; copy B saves, must wait rather than force, and quits. B's change is never lost:
# either A resumes in time and B's last save merges after it, or B leaves a rescue copy.
STALLED_WRITER = """
import sys, time
from pathlib import Path
from histtui.filesafety import write_atomic
from histtui.progress import ProgressStore, utc_now

path, folder = Path(sys.argv[1]), Path(sys.argv[2])

def write(target, data):
    (folder / "a-in-write").touch()  # holding the lock, about to write: stopped here
    while not (folder / "a-go-on").exists():
        time.sleep(0.01)
    write_atomic(target, data)

store = ProgressStore(path, "g", write=write)
progress = store.load()
progress.set_complete("from-a", True, utc_now())
store.save(progress)
assert store.save_error is None and not store.pending
print("done", flush=True)
"""

QUITTING_COPY = """
import sys, time
from pathlib import Path
from histtui.guide_check import load_guide
from histtui.progress import ProgressStore
from histtui.safekeeping import farewell
from histtui.session import StudySession

path, folder, guide = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
session = StudySession(load_guide(guide), ProgressStore(path, "g"))
session.progress.set_complete("from-b", True, session.clock())
started = time.monotonic()
session.save()
assert time.monotonic() - started < 1, "a save never waits on the event loop"
assert session.store.pending, "B waits for A's lock: it does not write"
(folder / "b-waiting").touch()
for line in farewell(session, None):  # B quits: waits FINAL_LOCK_WAIT, then a rescue copy
    print(line, flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP is POSIX")
@pytest.mark.parametrize("a_resumes_after", [FINAL_LOCK_WAIT - 2, FINAL_LOCK_WAIT + 2])
def test_a_copy_stopped_mid_save_never_costs_another_copys_change(
    tmp_path: Path, a_resumes_after: float
):
    import signal as signals
    import time

    path = tmp_path / "progress.toml"
    path.write_text('format = 1\nguide = "g"\n', encoding="utf-8")
    guide = tmp_path / "guide.toml"
    guide.write_text(
        SMALL_GUIDE.read_text(encoding="utf-8").replace(
            f'id = "{load_guide(SMALL_GUIDE).id}"', 'id = "g"', 1
        ),
        encoding="utf-8",
    )
    assert load_guide(guide).id == "g"
    env = {**os.environ, "HOME": str(tmp_path / "home"), "TMPDIR": str(tmp_path)}
    (tmp_path / "home").mkdir()

    def run(script: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path / "home",
        )

    def wait_for(name: str) -> None:
        deadline = time.monotonic() + 30
        while not (tmp_path / name).exists():
            assert time.monotonic() < deadline, f"{name} never came"
            time.sleep(0.01)

    a = run(STALLED_WRITER, str(path), str(tmp_path))
    try:
        wait_for("a-in-write")
        os.kill(a.pid, signals.SIGSTOP)  # stopped mid-save, the lock held
        (tmp_path / "a-go-on").touch()  # it would go on, if it were running
        stopped_at = time.monotonic()
        b = run(QUITTING_COPY, str(path), str(tmp_path), str(guide))
        wait_for("b-waiting")
        while time.monotonic() - stopped_at < a_resumes_after:
            assert b.poll() is None or a_resumes_after > FINAL_LOCK_WAIT, "B waited for the lock"
            time.sleep(0.05)
        os.kill(a.pid, signals.SIGCONT)
        b_out, b_err = b.communicate(timeout=60)
        assert b.returncode == 0, b_err
        a_out, a_err = a.communicate(timeout=60)
        assert a_out.strip() == "done"
        assert a.returncode == 0, a_err
    finally:
        a.kill()
        a.wait(timeout=10)
    final = ProgressStore(path, "g").load()
    assert final.is_complete("from-a"), "A's save, resumed, went in"
    rescued = list((tmp_path / "home").glob("histtui-unsaved-*.toml"))
    if a_resumes_after < FINAL_LOCK_WAIT:
        assert final.is_complete("from-b"), "B's last save took its turn after A's"
        assert not rescued
    else:
        assert "rescue" in b_out or rescued, b_out
        assert len(rescued) == 1, "B's change is in the rescue copy it named"
        assert ProgressStore(rescued[0], "g").load().is_complete("from-b")
        assert str(rescued[0]) in b_out


# Item 6: saving a large progress file never holds up the event loop.


def large_progress_file(path: Path, guide_id: str, topics: int) -> None:
    """A progress file of `topics` completed topics with a 400-character note each (about
    550 bytes a topic: 15,000 make 8 MB; ten years of study make less)."""
    progress = Progress(guide_id)
    for index in range(topics):
        progress.set_complete(f"old-{index}", True, T)
        progress.set_note(f"old-{index}", "A note about the topic. " * 16, T)
    ProgressStore(path, guide_id).save(progress)


async def test_a_save_of_a_large_file_never_holds_up_the_event_loop(
    make_app, state_path: Path, small_guide
):
    import time

    large_progress_file(state_path, small_guide.id, 15_000)
    assert state_path.stat().st_size > 5_000_000
    app = make_app()
    session = app.session
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # Another copy saves meanwhile: the save in the thread merges it in.
        other = ProgressStore(state_path, small_guide.id)
        theirs = other.load()
        theirs.set_bookmark("from-another-copy", True, utc_now())
        other.save(theirs)
        topics = small_guide.topics[:5]
        slowest = 0.0
        for topic in topics:  # five changes in a row, as fast as keys
            started = time.perf_counter()
            session.set_complete(topic, True)
            slowest = max(slowest, time.perf_counter() - started)
        assert slowest < 0.05, f"a change held the event loop {slowest:.3f} s"
        assert not session.saved, "saving, and says so"
        deadline = time.monotonic() + 60
        while not session.saved:
            assert time.monotonic() < deadline, "the save never ended"
            await pilot.pause(0.05)
        assert session.progress.is_bookmarked("from-another-copy"), "merged in"
    on_disk = ProgressStore(state_path, small_guide.id).load()
    assert all(on_disk.is_complete(topic.id) for topic in topics), "every change saved"
    assert on_disk.is_bookmarked("from-another-copy") and on_disk.is_complete("old-14999")


def test_quitting_during_a_save_in_its_thread_loses_nothing(state_path: Path, small_guide):
    from histtui.safekeeping import farewell
    from histtui.session import StudySession

    large_progress_file(state_path, small_guide.id, 5_000)
    posted: list[Any] = []
    session = StudySession(small_guide, ProgressStore(state_path, small_guide.id))
    session.save_large_files_in_a_thread(posted.append)  # the loop has closed: never run
    first, second = small_guide.topics[:2]
    session.set_complete(first, True)
    session.set_complete(second, True)  # waits for the first save
    assert session.saving
    assert farewell(session, None) == []
    assert not session.saving and session.saved
    on_disk = ProgressStore(state_path, small_guide.id).load()
    assert on_disk.is_complete(first.id) and on_disk.is_complete(second.id)

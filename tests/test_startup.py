"""What start-up leaves out or does once (issue 14), and the guide cache's fallback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from histtui import cli, export, guide_json, scheduling
from histtui.guide import Guide
from histtui.progress import Progress
from histtui.scheduling import Reviewer


def test_starting_imports_neither_the_export_nor_fsrs_nor_the_guide_checker() -> None:
    """Nor hashlib, whose OpenSSL digests cost 0.8 MiB for the session (histtui.digests)."""
    script = (
        "import sys, histtui.cli, histtui.session, histtui.guide_cache, histtui.app\n"
        "import histtui.screens.overview, histtui.screens.reader, histtui.scheduling\n"
        "unused = ('histtui.export', 'fsrs', 'histtui.guide_check', 'histtui.guide_toml',"
        " 'hashlib')\n"
        "print(sorted(m for m in unused if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.strip() == "[]"


def test_the_command_line_offers_the_export_formats_there_are() -> None:
    assert cli.EXPORT_FORMATS == export.FORMATS


def test_no_card_is_hashed_for_cards_due_while_none_is_in_review(
    small_guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_hashing(*args: object) -> str:
        raise AssertionError("a card key was computed")

    monkeypatch.setattr(scheduling, "card_key", no_hashing)
    now = scheduling.dt.datetime.now().astimezone()
    assert Reviewer(small_guide, Progress(small_guide.id)).counts(now, 20).now == 0


def test_card_keys_are_hashed_once_per_topic(
    small_guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviewer = Reviewer(small_guide, Progress(small_guide.id))
    first = list(reviewer.cards())
    calls = []
    monkeypatch.setattr(scheduling, "card_key", lambda *args: calls.append(args) or "x")
    assert list(reviewer.cards()) == first
    assert calls == []


def test_an_unwritable_cache_folder_falls_back_beside_the_state_file_told_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(cli, "cache_dir", lambda: blocker / "cache")
    state = tmp_path / "progress.toml"
    folder, notice = cli.guide_cache_folder(state)
    assert folder == tmp_path / cli.FALLBACK_CACHE
    assert notice is not None and str(folder) in notice
    assert cli.guide_cache_folder(state) == (folder, None)


def test_without_any_writable_cache_folder_the_guide_is_read_in_full_and_that_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(cli, "cache_dir", lambda: None)
    folder, notice = cli.guide_cache_folder(blocker / "progress.toml")
    assert folder is None
    assert notice is not None and "read in full" in notice


def test_a_cached_guide_decodes_a_topic_text_only_when_it_is_used(tmp_path: Path) -> None:
    from histtui import guide_cache
    from histtui.guide_check import load_guide
    from histtui.paths import bundled_guide

    path = bundled_guide()
    guide_cache.load_guide_cached(path, tmp_path)
    cached = guide_cache.load_guide_cached(path, tmp_path)
    topics = [topic for topic in cached.topics if isinstance(topic, guide_json.LazyTopic)]
    assert len(topics) == len(cached.topics)
    assert all(topic._body is None for topic in topics)
    first, parsed = cached.topics[0], load_guide(path).topics[0]
    assert (first.body, first.cards, first.events) == (parsed.body, parsed.cards, parsed.events)
    assert all(topic._body is None for topic in topics[1:])
    assert guide_cache.encode(cached) == guide_cache.encode(load_guide(path))


def test_histtuis_modules_load_with_the_cycle_collector_off() -> None:
    """`histtui` (__main__.run) loads the command line's modules with the collector off, and
    turns it back on (it scanned their objects over and over: docs/performance.md)."""
    script = (
        "import gc, sys\n"
        "import histtui.__main__ as launcher\n"
        "seen = {}\n"
        "class Watch:\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.startswith('histtui'):\n"
        "            seen[name] = gc.isenabled()\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['histtui', '--version']\n"
        "try:\n"
        "    launcher.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(len(seen) > 10, any(seen.values()), gc.isenabled())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.split()[-3:] == ["True", "False", "True"], run.stdout


def test_the_app_runs_with_frames_handed_to_the_writer_thread_within_a_millisecond(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While histtui runs, a thread asking for the interpreter's lock (Textual's writer of
    frames) waits for it at most cli.FRAME_HANDOVER, not Python's 5 ms: the Smart Guide's
    first frame reached the terminal 8-13 ms late (docs/performance.md). After, as before."""
    from histtui.app import HistTUI
    from tests.conftest import SMALL_GUIDE

    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name))
    seen: list[float] = []

    class Watched(HistTUI):
        def run(self, *args: object, **kwargs: object) -> None:
            seen.append(sys.getswitchinterval())

    before = sys.getswitchinterval()
    state = tmp_path / "progress.toml"
    assert cli.main(["--guide", str(SMALL_GUIDE), "--state", str(state)], Watched) == 0
    assert seen == [cli.FRAME_HANDOVER]
    assert cli.FRAME_HANDOVER <= 0.001 < before
    assert sys.getswitchinterval() == before


async def test_the_warning_bar_and_enlarge_message_come_only_when_needed(make_app) -> None:
    """Each widget was milliseconds before the first frame: a student whose progress saves
    and whose window is big enough gets neither; the others get them when they need them."""
    from histtui.widgets.safety import SaveWarning, TooSmall

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query(SaveWarning) and not app.screen.query(TooSmall)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert app.screen.query_one(TooSmall).display
        app.session.store.save_error = "Progress is not being saved: the disk is full."
        app.update_save_warning()
        await pilot.pause()
        assert app.screen.query_one(SaveWarning).display


@pytest.mark.parametrize(
    "data", [b"", b"abc", "Who was to blame? \u2014 Versailles".encode(), b"x" * 100_000]
)
def test_the_digests_are_hashlibs(data: bytes) -> None:
    """Card, question and answer ids are made from these: they must never change."""
    import hashlib

    from histtui.digests import sha1_hex, sha256_hex

    assert sha1_hex(data) == hashlib.sha1(data).hexdigest()
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


async def test_histtuis_colours_are_worked_out_once_per_theme(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual asks for the theme's variables as the app is made and again as it mounts, and
    the Markdown headings are given them too: each time tried up to 21 shades of seven
    colours (2 ms at start). Switching theme works them out for the new theme, once."""
    from histtui.widgets import colours

    colours._colours_of.cache_clear()
    worked_out = []
    readable = colours.readable
    monkeypatch.setattr(
        colours, "readable", lambda *args: worked_out.append(args[0]) or readable(*args)
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert len(worked_out) == 7
        await pilot.press("d")
        await pilot.pause()
        assert len(worked_out) == 14
        heading = app.theme_variables["histtui-heading"]
        assert app.console.get_style("markdown.h3").color.triplet.hex == heading


AFTER_THE_FIRST_FRAME = (
    "histtui.keymap",  # without a keys file, never
    "histtui.screens.dialogs",
    "histtui.screens.help",
    "histtui.widgets.course_tree",  # the reader's
    "histtui.widgets.picture",  # the side panel's, from 120 columns
    "histtui.widgets.charts",
    "concurrent.futures.thread",  # big progress files are saved in a thread
    "glob",  # at the first save
)


def test_the_smart_guides_first_frame_waits_for_no_module_it_does_not_show() -> None:
    """Each module is a fraction of a millisecond of every start (docs/performance.md):
    those the Smart Guide does not show at 80 columns are imported when first used."""
    script = textwrap.dedent(
        f"""
        import asyncio, sys, tempfile
        from pathlib import Path
        from histtui.app import HistTUI
        from histtui.guide_check import load_guide
        from histtui.paths import bundled_guide
        from histtui.progress import ProgressStore, Stamped, utc_now
        from histtui.session import StudySession

        guide = load_guide(bundled_guide())
        store = ProgressStore(Path(tempfile.mkdtemp()) / "progress.toml", guide.id)
        loaded = []

        class Watched(HistTUI):
            def after_first_frame(self):
                loaded.extend(m for m in {AFTER_THE_FIRST_FRAME!r} if m in sys.modules)
                super().after_first_frame()

        async def start() -> None:
            app = Watched(StudySession(guide, store))
            app.session.progress.exam_date = Stamped("", utc_now())  # asked before: no save
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                print(type(app.screen).__name__ == "OverviewScreen")
                await pilot.resize_terminal(130, 40)
                await pilot.pause()
                print(bool(app.screen.query("#side-heatmap")))

        asyncio.run(start())
        print(sorted(loaded))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.split("\n")[-4:] == ["True", "True", "[]", ""], run.stdout


async def test_the_smart_guide_is_drawn_only_once_textual_lets_frames_out(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual holds back every frame while it finishes starting (a batch around the app's
    mount): a Smart Guide pushed from on_mount was laid out and drawn inside it for nothing,
    then again, 7 ms of every start (docs/performance.md)."""
    from textual.app import App

    drawn: list[tuple[str, bool]] = []
    display = App._display

    def watched(app: App[object], screen: object, update: object) -> None:
        if update is not None:
            drawn.append((type(screen).__name__, bool(app._batch_count)))
        display(app, screen, update)

    monkeypatch.setattr(App, "_display", watched)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "OverviewScreen"
    assert ("OverviewScreen", False) in drawn
    assert ("OverviewScreen", True) not in drawn

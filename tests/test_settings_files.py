"""The settings files a student owns, config.toml and keys.toml: whatever sits at their
paths (a named pipe, a folder, a huge or damaged file), histtui never hangs, and says what
is wrong in the same words for either file."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from histtui.app import binding_ids
from histtui.cli import REFUSED, main
from histtui.config import ConfigError, load_config, read_config, remember
from histtui.keymap import KeymapError, load_keymap
from tests.conftest import SMALL_GUIDE

HAS_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes (Windows)")
KIB = 1024


def config_problem(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return str(raised.value)


def keys_problem(path: Path) -> str:
    with pytest.raises(KeymapError) as raised:
        load_keymap(path, binding_ids())
    return str(raised.value)


PROBLEM: dict[str, Callable[[Path], str]] = {
    "config.toml": config_problem,
    "keys.toml": keys_problem,
}
"""Each settings file, and how histtui reads it and says what is wrong with it."""


@contextmanager
def never_blocked_by(fifo: Path, seconds: float = 5) -> Iterator[None]:
    """Make a named pipe at `fifo`, and fail if the block waits on opening it.

    Opening a named pipe to read waits for a writer. Every `seconds` a watchdog comes as a
    writer and goes at once: a reader stuck opening the pipe then reads an empty file, so
    the test ends (and fails) instead of hanging the suite.
    """
    os.mkfifo(fifo)
    done = threading.Event()
    freed = threading.Event()

    def free_stuck_readers() -> None:
        while not done.wait(seconds):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                continue  # no reader has the pipe open: nothing is stuck
            freed.set()

    watchdog = threading.Thread(target=free_stuck_readers, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join()
    assert not freed.is_set(), f"histtui waited on opening the named pipe {fifo}"


@HAS_FIFO
@pytest.mark.parametrize("name", PROBLEM)
def test_a_named_pipe_is_refused_at_once(tmp_path: Path, name: str):
    fifo = tmp_path / name
    with never_blocked_by(fifo):
        problem = PROBLEM[name](fifo)
    assert problem == f"{fifo} is a named pipe (FIFO), not a settings file"


@HAS_FIFO
def test_a_named_pipe_is_never_read_for_the_name_nor_written_over(tmp_path: Path):
    fifo = tmp_path / "config.toml"
    with never_blocked_by(fifo):
        assert read_config(fifo) is None
        assert not remember("name", "Cai", fifo)
    assert fifo.is_fifo()


@HAS_FIFO
def test_check_config_names_a_named_pipe_as_the_keys_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "histtui").mkdir()
    fifo = tmp_path / "histtui" / "keys.toml"
    with never_blocked_by(fifo):
        assert main(["check-config"]) == 1
    assert capsys.readouterr().err == (
        f"histtui: {fifo} is a named pipe (FIFO), not a settings file\n"
    )


@HAS_FIFO
def test_histtui_stops_with_a_message_for_a_named_pipe_as_config(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "config" / "histtui").mkdir(parents=True)
    fifo = tmp_path / "config" / "histtui" / "config.toml"
    state = tmp_path / "progress.toml"
    with never_blocked_by(fifo):
        assert main(["--guide", str(SMALL_GUIDE), "--state", str(state), "export"]) == REFUSED
    assert capsys.readouterr().err == (
        f"histtui: {fifo} is a named pipe (FIFO), not a settings file\n"
    )


@HAS_FIFO
async def test_the_app_starts_with_the_usual_keys_and_says_why(make_app, tmp_path: Path):
    fifo = tmp_path / "keys.toml"
    said: list[str] = []
    app = make_app()
    app.keymap_file = fifo
    app.notify = lambda message, **kwargs: said.append(message)  # type: ignore[method-assign]
    with never_blocked_by(fifo):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "OverviewScreen"
    assert said == [
        f"{fifo} is a named pipe (FIFO), not a settings file\n"
        "The usual keys are used. `histtui check-config` lists the ids."
    ]


def make_folder(path: Path) -> None:
    path.mkdir()


def make_oversize(path: Path) -> None:
    path.write_bytes(b"#" * 64 * KIB + b"\n")  # a comment: TOML, but one byte too many


def make_latin_1(path: Path) -> None:
    path.write_bytes("# my settings\n# caf\u00e9\n".encode("latin-1"))


def make_bad_toml(path: Path) -> None:
    path.write_text("# my settings\nx = \n", encoding="utf-8")


def make_too_deep(path: Path) -> None:
    path.write_text("x = " + "[" * 5000, encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (make_folder, "is a folder, not a settings file"),
        (make_oversize, "is larger than 64 KiB, too big for a settings file"),
        (make_latin_1, "is not UTF-8 text (line 2); save it as UTF-8"),
        (make_bad_toml, "is not valid TOML: Invalid value (at line 2, column 5)"),
        (make_too_deep, "is not valid TOML: nested too deeply"),
    ],
)
def test_each_problem_is_told_in_the_same_words_for_both_files(
    tmp_path: Path, make: Callable[[Path], None], says: str
):
    for name, problem in PROBLEM.items():
        path = tmp_path / name
        make(path)
        assert problem(path) == f"{path} {says}"
        assert read_config(path) is None  # never written over by `remember`


def test_a_file_of_64_kib_is_read_and_one_byte_more_is_refused(tmp_path: Path):
    for name, problem in PROBLEM.items():
        path = tmp_path / name
        path.write_bytes(b"#" * (64 * KIB - 1) + b"\n")
        assert read_config(path) == {}
        assert load_config(path).new_cards_per_day == 20
        assert load_keymap(path, binding_ids()) == {}
        with path.open("ab") as file:
            file.write(b"\n")
        assert problem(path) == f"{path} is larger than 64 KiB, too big for a settings file"


def test_a_byte_order_mark_is_no_harm(tmp_path: Path):
    """Notepad may begin a UTF-8 file with one, as histtui's progress files may."""
    (tmp_path / "config.toml").write_bytes(b"\xef\xbb\xbfnew_cards_per_day = 5\n")
    assert load_config(tmp_path / "config.toml").new_cards_per_day == 5
    (tmp_path / "keys.toml").write_bytes(b'\xef\xbb\xbf[keys]\n"reader.next" = "n"\n')
    assert load_keymap(tmp_path / "keys.toml", binding_ids()) == {"reader.next": "n"}


def test_a_control_code_in_the_folders_name_is_written_out(tmp_path: Path):
    folder = tmp_path / "evil\x1b[2Jname"
    folder.mkdir()
    for name, problem in PROBLEM.items():
        (folder / name).mkdir()
        said = problem(folder / name)
        assert "\x1b" not in said
        assert said == f"{tmp_path}/evil\\x1b[2Jname/{name} is a folder, not a settings file"

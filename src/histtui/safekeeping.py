"""Keeping a student's work when things go wrong: crash logs, and a rescue copy of progress.

Plain Python with no Textual import. The app calls these when it meets an unexpected error
and when it exits; they never raise, because they run when something has already failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import platform
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path

import tomli_w

from histtui import __version__
from histtui.filesafety import write_atomic
from histtui.paths import log_dir
from histtui.progress import Progress
from histtui.session import StudySession


def write_crash_log(
    error: BaseException, folders: Iterable[Path], now: dt.datetime, notes: Iterable[str] = ()
) -> Path | None:
    """Write the traceback and `notes` to a new log in the first folder that can be written.

    Returns the log's path, or None if no folder could take it.
    """
    text = "\n".join(
        [
            f"histtui {__version__} stopped at {now.isoformat()} because of an unexpected error.",
            f"Python {platform.python_version()} on {platform.platform()}",
            *notes,
            "",
            *traceback.format_exception(error),
        ]
    )
    name = f"histtui-crash-{now.strftime('%Y%m%dT%H%M%S')}.log"
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(folder / name, text.encode("utf-8"))
        except OSError:
            continue  # try the next folder; the caller says if none would take it
        return folder / name
    return None


def rescue_folders() -> list[Path]:
    """Where a rescue copy or a crash log may go when the usual folder cannot be written."""
    folders = []
    # No home folder (HOME unset, no passwd entry) or a removed current folder: the
    # others may still do.
    with contextlib.suppress(RuntimeError):
        folders.append(Path.home())
    with contextlib.suppress(OSError):
        folders.append(Path.cwd())
    return [*folders, Path(tempfile.gettempdir())]


def rescue(progress: Progress, folders: Iterable[Path], now: dt.datetime) -> Path | None:
    """Write `progress` as a progress file of its own in the first folder that can be written.

    The copy is an ordinary progress file: `histtui --state COPY` carries on from it.
    """
    name = f"histtui-unsaved-{progress.guide_id}-{now.strftime('%Y%m%dT%H%M%S')}.toml"
    data = tomli_w.dumps(progress.to_toml()).encode("utf-8")
    for folder in folders:
        try:
            write_atomic(folder / name, data)
        except OSError:
            continue
        return folder / name
    return None


def has_work(progress: Progress) -> bool:
    """Whether the student recorded anything at all in this progress."""
    return any(
        (
            progress.topics,
            progress.notes,
            progress.bookmarks,
            progress.cards,
            progress.plans,
            progress.reviews,
        )
    )


FINAL_LOCK_WAIT = 5.0
"""Seconds the last save, as histtui exits, waits for another histtui's lock."""


def farewell(session: StudySession, crash_log: Path | None) -> list[str]:
    """Make a last attempt to keep the student's work, and say where everything is.

    Called when histtui exits, normally or after an error. If the progress file still
    cannot be written (or another histtui kept its lock), the progress goes to a rescue
    copy the student can open with --state.
    """
    session.finish_saving()  # a save of a large file still in its thread
    store, progress, now = session.store, session.progress, session.clock()
    lines: list[str] = []
    if crash_log is not None:
        lines.append(
            "histtui stopped because of an unexpected error. The details are in "
            f"{crash_log}: please give that file to whoever looks after histtui."
        )
    if not store.read_only and (store.save_error or store.pending or session.unsaved):
        store.save(progress, wait=FINAL_LOCK_WAIT)
    if store.pending:
        lines.append(
            f"Another histtui kept {store.lock_path} locked, so your last changes could not "
            "be saved in your progress file."
        )
    if store.read_only or store.save_error or store.pending:
        if store.read_only or store.save_error:
            lines.append(store.read_only_reason or store.save_error or "")
        if has_work(progress):
            copy = rescue(progress, rescue_folders(), now)
            if copy is None:
                lines.append("No folder could take a copy of your progress either.")
            else:
                lines.append(
                    f"Your progress from this session is in {copy}: start histtui with "
                    f"--state {copy} to carry on from it."
                )
    elif crash_log is not None:
        lines.append(f"Your progress was saved in {store.path}.")
    return lines


def log_folders() -> list[Path]:
    """Where crash logs go: the user log folder, then the rescue folders."""
    return [log_dir(), *rescue_folders()]

"""The histtui command: `histtui`, `histtui check [GUIDE]`, `histtui export`, `histtui class`."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from histtui import __version__
from histtui.config import Config, ConfigError, clean_name, load_config, remember, student_name
from histtui.environment import colour_settings, robust_output
from histtui.guide import Guide, GuideError
from histtui.guide_cache import guide_from_bytes, load_guide_cached, writable_folder
from histtui.paths import (
    NoHomeFolder,
    bundled_bytes,
    bundled_guide,
    cache_dir,
    data_dir,
    default_state_path,
    keymap_path,
)
from histtui.progress import ProgressStore, utc_now
from histtui.safekeeping import farewell
from histtui.session import StudySession
from histtui.statefile import (
    GUIDE_LIMIT,
    Refused,
    guide_problem,
    read_capped,
    read_progress,
    shown,
    state_problem,
    write_report,
)
from histtui.textclean import escape_unprintable
from histtui.wording import plural

if TYPE_CHECKING:
    from histtui.app import HistTUI

REFUSED = 2
"""The exit status when histtui refuses a file it was given (and touches nothing)."""

EXPORT_FORMATS = ("markdown", "csv", "json")
"""histtui.export.FORMATS, spelled out: the export module is imported only to export."""

CLASS_FORMATS = ("markdown", "csv")
"""histtui.class_report.FORMATS, spelled out: it is imported only for `histtui class`."""

FALLBACK_CACHE = ".histtui-cache"
"""The guide cache's folder beside --state when the user cache folder cannot be written."""

FRAME_HANDOVER = 0.0005
"""Seconds the event loop may keep Python's interpreter lock from another thread asking for
it while histtui runs (sys.setswitchinterval; Python's default is 0.005). Textual hands
each frame to a thread of its own that writes it to the terminal, and that thread needs the
lock several times per frame: while the loop went on with the work that follows a frame, the
Smart Guide's first frame reached the terminal 8-13 ms after it was handed over, and with
this, within 1 ms (docs/performance.md, "seventh round")."""


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(
        prog="histtui", description="Revise O-level History (Elective) in the terminal."
    )
    top.add_argument(
        "--guide", type=Path, metavar="FILE", help="open this guide instead of the bundled one"
    )
    top.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="keep progress in this file instead of the data folder",
    )
    top.add_argument("--version", action="version", version=f"histtui {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check a guide and list every problem in it")
    check.add_argument(
        "path", nargs="?", type=Path, metavar="GUIDE", help="the guide (default: the bundled one)"
    )
    commands.add_parser(
        "check-config", help="check your keys file (keys.toml) and list the key ids it may use"
    )
    export = commands.add_parser(
        "export", help="print a progress report: chapters, cards, bookmarks, notes, exam plans"
    )
    export.add_argument(
        "--format", choices=EXPORT_FORMATS, default="markdown", help="default: markdown"
    )
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not the screen")
    export.add_argument(
        "--name",
        metavar="NAME",
        help="the student's name on the report (default: the one given before; asked once)",
    )
    klass = commands.add_parser(
        "class", help="a class table from the JSON reports students hand in (export)"
    )
    klass.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="reports, or folders of *.json reports"
    )
    klass.add_argument(
        "--format", choices=CLASS_FORMATS, default="markdown", help="default: markdown"
    )
    return top


def refuse(message: str) -> int:
    """Say why histtui will not go on, and return the exit status for it."""
    print(f"histtui: {message}", file=sys.stderr)
    return REFUSED


def check_config() -> int:
    """Check the student's keys file: 0 if it is usable (or absent), 1 if not."""
    from histtui.app import binding_ids
    from histtui.keymap import KeymapError, load_keymap

    try:
        path = keymap_path()
    except NoHomeFolder as error:
        return refuse(str(error))
    ids = binding_ids()
    try:
        keymap = load_keymap(path, ids)
    except KeymapError as error:
        print(f"histtui: {error}", file=sys.stderr)
        return 1
    if path.exists():
        print(f"{shown(path)}: {len(keymap)} key(s) changed, all usable")
    else:
        print(f"{shown(path)}: not there, so the usual keys are used")
    print('Key ids ([keys] table, e.g. "reader.next" = "n,right"):')
    for binding_id, meaning in sorted(ids.items()):
        print(f"  {binding_id:22} {meaning}")
    return 0


def check(path: Path) -> int:
    """Print a guide's problems and return 1, or its summary and return 0."""
    problem = guide_problem(path)
    if problem is not None:
        return refuse(problem)
    try:
        raw = bundled_bytes(path)
        guide = guide_from_bytes(read_capped(path, GUIDE_LIMIT) if raw is None else raw, path)
    except Refused as refused:
        return refuse(refused.message)
    except OSError as error:
        problems = [f"{path}: cannot read the guide: {error.strerror or error}"]
    except GuideError as error:
        problems = error.problems
    else:
        print(f"{shown(path)}: {guide.summary()}")
        return 0
    # The problems quote the guide's cleaned text, but its file name as it is.
    for problem in problems:
        print(escape_unprintable(problem))
    print(f"{plural(len(problems), 'problem')} in {shown(path)}")
    return 1


def guide_cache_folder(state: Path | None) -> tuple[Path | None, str | None]:
    """Where the guide cache goes, and what to tell the student about it (or None).

    The user cache folder when it can be written; if not, a folder beside the progress file
    (`--state`'s, or the data folder), told once, when that folder is first made; if that
    cannot be written either, no cache: the guide is read in full, and the student is told.
    """
    folder = cache_dir()
    if folder is not None and writable_folder(folder):
        return folder, None
    try:
        fallback: Path | None = (
            state.parent / FALLBACK_CACHE if state is not None else data_dir() / "guide-cache"
        )
    except NoHomeFolder:
        fallback = None
    cannot = (
        f"The cache folder {folder} cannot be written" if folder else "There is no cache folder"
    )
    if fallback is not None:
        fresh = not fallback.exists()
        if writable_folder(fallback):
            told = f"{cannot}: histtui keeps its copy of the guide in {fallback} instead."
            return fallback, told if fresh else None
    return None, f"{cannot}: the guide is read in full at every start, which is slower."


def open_guide(path: Path, folder: Path | None) -> Guide | None:
    """Load a guide to revise from (through the cache in `folder`, if any), or print why it
    cannot be opened."""
    raw = bundled_bytes(path)  # the guide inside histtui.pyz
    try:
        if folder is not None:
            return load_guide_cached(path, folder, raw)
        if raw is not None:
            return guide_from_bytes(raw, path)
        from histtui.guide_check import load_guide  # imported only without a cache

        return load_guide(path)
    except GuideError as error:
        for problem in error.problems:
            print(escape_unprintable(problem), file=sys.stderr)
        print(
            f"histtui cannot open {shown(path)}; `histtui check {shown(path)}` lists its problems.",
            file=sys.stderr,
        )
        return None


def report_name(given: str | None) -> str:
    """The student's name for a report: --name, else the one remembered, else (on a
    terminal only) asked once and remembered; "" for none."""
    if given is not None:
        return clean_name(given)
    name = student_name()
    if name or not sys.stdin.isatty():
        return name
    print("Your name, for the reports you hand in (enter for none): ", end="", file=sys.stderr)
    sys.stderr.flush()
    name = clean_name(sys.stdin.readline())
    if name and not remember("name", name):
        print("histtui could not remember your name; use --name next time", file=sys.stderr)
    return name


def class_table(guide: Guide, files: list[Path], fmt: str) -> int:
    """Print the class table of the reports in `files`; 1 when none could be read."""
    from histtui.class_report import build_class_report, render_class

    report = build_class_report(guide, files)
    for item in report.skipped:
        print(
            escape_unprintable(f"histtui: left out {shown(item.file)}: {item.reason}"),
            file=sys.stderr,
        )
    if not report.students:
        print("histtui: no reports to make a class table from", file=sys.stderr)
        return 1
    sys.stdout.write(render_class(report, fmt))
    return 0


def export(
    guide: Guide,
    guide_path: Path,
    state: Path,
    fmt: str,
    out: Path | None,
    name: str = "",
    config: Config | None = None,
) -> int:
    """Write the student's progress report, reading the progress file and changing nothing."""
    try:
        progress = read_progress(state, guide.id)
    except Refused as refused:
        print(f"histtui: {refused.message}", file=sys.stderr)
        return 1
    if progress.left_out:
        print(
            f"histtui: {plural(len(progress.left_out), 'record')} in {shown(state)} could not "
            "be read: left out of the report (histtui keeps a copy of the file as it is when "
            "it next opens it)",
            file=sys.stderr,
        )
    from histtui.export import build_report, render  # only to export: fsrs, csv, json

    limit = (config or Config()).new_cards_per_day
    text = render(build_report(guide, progress, utc_now(), name, limit), fmt)
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_report(out, text.encode("utf-8"), keep=(state, guide_path))
    except Refused as refused:
        print(f"histtui: {refused.message}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"histtui could not write {shown(out)}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Report written to {shown(out)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, app_type: type[HistTUI] | None = None) -> int:
    """Run histtui (as `app_type`, a HistTUI by default); return the exit status."""
    robust_output()
    args = parser().parse_args(argv)
    guide_path: Path = args.guide or bundled_guide()
    if args.command == "check":
        return check(args.path or guide_path)
    if args.command == "check-config":
        return check_config()
    # Every file named on the command line is checked before any is opened or written.
    problem = guide_problem(guide_path)
    if problem is None and args.state is not None:
        problem = state_problem(args.state, guide_path)
    if problem is not None:
        return refuse(problem)
    # Nothing made while starting is garbage worth collecting: the cycle collector stays
    # off through the guide's load, Textual's import and the first frame (it would scan a
    # big guide's 10^5 objects, and the Smart Guide's widgets as they are made, again and
    # again). What the load made lives as long as histtui, so it is frozen out of the
    # collector's way; the app turns the collector on once its first frame is out
    # (HistTUI.after_first_frame).
    gc.disable()
    try:
        started = start(args, guide_path, app_type)
        gc.freeze()
        if isinstance(started, int):
            return started
        session, app = started
        switching = sys.getswitchinterval()
        sys.setswitchinterval(FRAME_HANDOVER)
        try:
            app.run()
        finally:
            sys.setswitchinterval(switching)
    finally:
        gc.enable()
    # After the app has gone (and Textual has shown any error): where everything is.
    for line in farewell(session, app.crash_log):
        print(escape_unprintable(line), file=sys.stderr)  # it names files: escapes written out
    return app.return_code or 0


def start(
    args: argparse.Namespace, guide_path: Path, app_type: type[HistTUI] | None
) -> int | tuple[StudySession, HistTUI]:
    """Open the guide and the progress file; export, or make the app (as `app_type`).

    An exit status when histtui is done (it exported, or refused), else the app to run.
    """
    folder, cache_notice = guide_cache_folder(args.state)
    guide = open_guide(guide_path, folder)
    if guide is None:
        return 1
    if args.command == "class":
        return class_table(guide, args.files, args.format)
    if args.state is not None:
        state: Path = args.state
    else:
        try:
            state = default_state_path(guide.id)
        except NoHomeFolder as error:
            return refuse(str(error))
        problem = state_problem(state, guide_path, ours=True)
        if problem is not None:
            return refuse(problem)
    try:
        config = load_config()
    except ConfigError as error:
        return refuse(str(error))
    if args.command == "export":
        return export(
            guide, guide_path, state, args.format, args.out, report_name(args.name), config
        )
    session = StudySession(guide, ProgressStore(state, guide.id), config=config)
    try:
        keymap: Path | None = keymap_path()
    except NoHomeFolder:
        keymap = None
    if cache_notice is not None:
        session.tell(cache_notice)
    os.environ.update(colour_settings(os.environ))
    if app_type is None:
        from histtui.app import HistTUI

        app_type = HistTUI
    app = app_type(session)
    app.keymap_file = keymap
    return session, app

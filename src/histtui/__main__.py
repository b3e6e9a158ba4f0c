"""The histtui command: `histtui`, `histtui check [GUIDE]`, `histtui export`."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from histtui import __version__
from histtui.export import FORMATS, build_report, render
from histtui.filesafety import write_atomic
from histtui.guide import Guide, GuideError
from histtui.guide_cache import load_guide_cached
from histtui.guide_check import load_guide
from histtui.paths import bundled_guide, cache_dir, default_state_path
from histtui.progress import ProgressStore
from histtui.safekeeping import farewell
from histtui.session import StudySession
from histtui.wording import plural

if TYPE_CHECKING:
    from histtui.app import HistTUI


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
    export = commands.add_parser(
        "export", help="print a progress report: chapters, cards, bookmarks, notes, exam plans"
    )
    export.add_argument("--format", choices=FORMATS, default="markdown", help="default: markdown")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not the screen")
    return top


def check(path: Path) -> int:
    """Print a guide's problems and return 1, or its summary and return 0."""
    try:
        guide = load_guide(path)
    except GuideError as error:
        for problem in error.problems:
            print(problem)
        count = len(error.problems)
        print(f"{plural(count, 'problem')} in {path}")
        return 1
    print(f"{path}: {guide.summary()}")
    return 0


def open_guide(path: Path) -> Guide | None:
    """Load a guide to revise from (through the cache), or print why it cannot be opened."""
    try:
        return load_guide_cached(path, cache_dir())
    except GuideError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(
            f"histtui cannot open {path}; `histtui check {path}` lists its problems.",
            file=sys.stderr,
        )
        return None


def export(session: StudySession, fmt: str, out: Path | None) -> int:
    """Write the student's progress report."""
    for notice in session.take_notices():
        print(notice, file=sys.stderr)
    text = render(build_report(session.guide, session.progress, session.clock()), fmt)
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(out, text.encode("utf-8"))
    except OSError as error:
        print(f"histtui could not write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Report written to {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, app_type: type[HistTUI] | None = None) -> int:
    """Run histtui (as `app_type`, a HistTUI by default); return the exit status."""
    args = parser().parse_args(argv)
    if args.command == "check":
        return check(args.path or args.guide or bundled_guide())
    guide = open_guide(args.guide or bundled_guide())
    if guide is None:
        return 1
    session = StudySession(
        guide, ProgressStore(args.state or default_state_path(guide.id), guide.id)
    )
    if args.command == "export":
        return export(session, args.format, args.out)
    if app_type is None:
        from histtui.app import HistTUI

        app_type = HistTUI

    # Everything made so far (Textual's modules, and the guide: 10^5 objects when it is
    # big) lives as long as histtui. Freezing it keeps the cycle collector from scanning
    # it again and again while the app starts and runs.
    gc.freeze()
    app = app_type(session)
    app.run()
    # After the app has gone (and Textual has shown any error): where everything is.
    for line in farewell(session, app.crash_log):
        print(line, file=sys.stderr)
    return app.return_code or 0


def run() -> None:
    """Entry point of the `histtui` console script."""
    sys.exit(main())


if __name__ == "__main__":
    run()

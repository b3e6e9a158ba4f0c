"""Build histtui.pyz: one file with histtui and every package it needs, for `python3 histtui.pyz`.

    python3 tools/build_pyz.py                      # downloads the dependencies from PyPI
    python3 tools/build_pyz.py --wheels WHEELS/     # offline, from wheels saved beforehand
    python3 -m pip download --only-binary=:all: --platform any --python-version 3.11 \
        --implementation py -d WHEELS/ textual ...  # (how to save them: see --help)

A plain zipapp (the standard library's `zipapp` layout, written with `zipfile`): Python runs
it straight from the zip with `zipimport`, and nothing is unpacked anywhere. Only pure-Python
wheels are accepted (`--platform any`), so one file serves Windows, macOS and Linux on any
Python 3.11 or newer. The modules are also stored compiled (`module.pyc` beside
`module.py`, unchecked hashes, which zipimport reads) for the Python that runs this script:
on that Python version the file starts as fast as an installed histtui; another version
ignores them and compiles from the sources in memory at each start (slower, still correct).
Needs only Python and pip; not hatchling, not network when --wheels is given.
"""

from __future__ import annotations

import argparse
import compileall
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN = "# histtui.pyz: run histtui from this file.\nfrom histtui.__main__ import run\n\nrun()\n"
# Reproducible: the same inputs make the same bytes (zip entries need a date after 1980).
STAMP = (2020, 1, 1, 0, 0, 0)


def dependencies() -> list[str]:
    """The requirements in pyproject.toml's [project] dependencies."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        return list(tomllib.load(file)["project"]["dependencies"])


def install(target: Path, wheels: Path | None, python_version: str) -> None:
    """pip-install the dependencies (pure-Python wheels only) into `target`."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--target",
        str(target),
        "--only-binary=:all:",
        "--platform",
        "any",
        "--implementation",
        "py",
        "--python-version",
        python_version,
        "--no-compile",
    ]
    if wheels is not None:
        command += ["--no-index", "--find-links", str(wheels)]
    subprocess.run([*command, *dependencies()], check=True)


def stage(folder: Path, wheels: Path | None, python_version: str) -> None:
    """Lay out everything the zip holds in `folder`."""
    install(folder, wheels, python_version)
    package = folder / "histtui"
    shutil.copytree(
        ROOT / "src" / "histtui", package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    (package / "data").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "data" / "guide.toml", package / "data" / "guide.toml")
    (folder / "__main__.py").write_text(MAIN, encoding="utf-8")
    # pip's console scripts (pygments' and markdown-it's) have no use inside the zip.
    shutil.rmtree(folder / "bin", ignore_errors=True)
    for cache in list(folder.rglob("__pycache__")):
        shutil.rmtree(cache)
    compileall.compile_dir(
        folder,
        quiet=1,
        legacy=True,  # module.pyc beside module.py: the only place zipimport looks
        # Tracebacks name histtui.pyz/textual/app.py, not this build's temp folder (which
        # would also make every build's bytes differ).
        stripdir=str(folder),
        prependdir="histtui.pyz",
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        workers=1,
    )


def write_zip(folder: Path, out: Path) -> None:
    """Zip `folder` into an executable zipapp at `out`, atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with partial.open("wb") as raw:
        raw.write(b"#!/usr/bin/env python3\n")
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(folder.rglob("*")):
                if path.is_dir():
                    continue
                info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), STAMP)
                # Compiled modules are stored as they are: zipimport then reads them without
                # inflating, which takes a tenth off the start-up (and 6 MB onto the file).
                stored = path.suffix == ".pyc"
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes(), compresslevel=None if stored else 9)
    partial.chmod(0o755)
    os.replace(partial, out)


def build(out: Path, wheels: Path | None = None, python_version: str = "3.11") -> Path:
    """Build the zipapp at `out` and return it."""
    with tempfile.TemporaryDirectory(prefix="histtui-pyz-") as temp:
        folder = Path(temp) / "app"
        stage(folder, wheels, python_version)
        write_zip(folder, out)
    return out


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist" / "histtui.pyz", help="default: dist/histtui.pyz"
    )
    parser.add_argument(
        "--wheels",
        type=Path,
        metavar="DIR",
        help="install from the wheels in DIR only (no network); save them with "
        "`pip download --only-binary=:all: --platform any --implementation py "
        "--python-version 3.11 -d DIR` and the dependencies of pyproject.toml",
    )
    parser.add_argument(
        "--python-version",
        default="3.11",
        help="the oldest Python the file must run on (default: 3.11)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    out = build(args.out, args.wheels, args.python_version)
    size = out.stat().st_size
    print(
        f"{out}: {size / 1e6:.1f} MB, built in {time.monotonic() - started:.1f} s; "
        f"run it with `python3 {out.name}`"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A cache of checked guides in the user cache folder, so that a big guide opens quickly.

Plain Python with no Textual import. Parsing and checking 12 MB of TOML takes seconds on a
school machine; reading back the same guide as JSON takes a small fraction of that. The
cache is only ever a shortcut to the result `load_guide` would give:

* it is written only after a guide loaded with no problems, so a guide with problems is
  always parsed and reported in full;
* it is used only when the guide file's size, mtime and CRC-32 of its bytes (read every
  time), the histtui version and the code that reads guides all match what it was made
  from, and its own contents still match their length and CRC-32 (these guard against
  accidental change, as SHA-256 did at five times the cost: 22 ms at every start of a
  5,000-topic guide; the cache folder is the student's own, written atomically);
* anything else (missing, stale, unreadable, corrupt, from another version) is ignored
  and written again, atomically; a cache folder that cannot be written is not an error.
"""

from __future__ import annotations

import gc
import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from histtui import __version__, guide, textclean
from histtui.digests import sha256_hex
from histtui.filesafety import write_atomic
from histtui.guide import Guide, GuideError
from histtui.guide_json import FORMAT, TopicTexts, decode, dumps, encode, split_details

CHUNK = 1 << 16
"""Bytes read at a time to check a guide or a cache file."""
HEADER_LIMIT = 1 << 16
"""The longest first line of a cache file (its key and lengths) that is read."""


def load_guide_cached(path: Path, folder: Path, raw: bytes | None = None) -> Guide:
    """The guide at `path`, as `load_guide` gives it, through a cache file in `folder`.

    `raw` is the guide's bytes when they do not come from a file (the guide bundled inside
    histtui.pyz): then its CRC-32 and length alone tell whether the cache still matches.
    """
    mtime_ns = 0
    try:
        if raw is None:
            # Checked a piece at a time: a cache hit never holds the whole guide in memory.
            with path.open("rb") as file:
                mtime_ns = os.fstat(file.fileno()).st_mtime_ns
                size, crc = _crc_of(file)
        else:
            size, crc = len(raw), zlib.crc32(raw)
    except OSError as error:
        raise _unreadable(path, error) from None
    key = _key(size, mtime_ns, crc)
    cache = folder / f"{sha256_hex(str(path.resolve()).encode())[:32]}.json"
    with _no_gc():
        cached = _read(cache, key, path)
        if cached is not None:
            return cached
        if raw is None:
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise _unreadable(path, error) from None
            key = _key(len(raw), mtime_ns, zlib.crc32(raw))  # what was parsed, if it changed
        loaded = guide_from_bytes(raw, path)
    _write(cache, key, loaded)
    return loaded


def _unreadable(path: Path, error: OSError) -> GuideError:
    """The error for a guide file that cannot be read."""
    return GuideError([f"{path}: cannot read the guide: {error.strerror or error}"])


def _key(size: int, mtime_ns: int, crc: int) -> dict[str, Any]:
    """What a cache file must have been made from to stand for the guide."""
    return {
        "format": FORMAT,
        "histtui": __version__,
        "code": _code_fingerprint(),
        "size": size,
        "mtime_ns": mtime_ns,
        "crc32": crc,
    }


def _crc_of(file: BinaryIO) -> tuple[int, int]:
    """The number of bytes left in `file` and their CRC-32, read a piece at a time."""
    crc = size = 0
    while chunk := file.read(CHUNK):
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
    return size, crc


def guide_from_bytes(raw: bytes, path: Path) -> Guide:
    """Parse and check a guide (guide_check, with tomllib, imported only when the cache misses)."""
    from histtui.guide_check import guide_from_bytes as parse

    return parse(raw, path)


def writable_folder(folder: Path) -> bool:
    """Whether `folder` exists or can be made, and files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _read(cache: Path, key: dict[str, Any], path: Path) -> Guide | None:
    """The cached guide if the cache is whole and matches `key`, else None."""
    try:
        file = cache.open("rb")
    except OSError:
        return None
    try:
        stored = json.loads(file.readline(HEADER_LIMIT))
        if not isinstance(stored, dict) or stored.get("key") != key:
            raise ValueError("another guide's cache")
        start = file.tell()
        # The payload is checked a piece at a time, and only its skeleton (ids, titles,
        # questions, case studies) is kept: the topics' text is read when first used.
        if _crc_of(file) != (stored.get("payload_length"), stored.get("payload_crc32")):
            raise ValueError("cut short or changed")
        skeleton_length = stored["skeleton_length"]
        file.seek(start)
        skeleton = json.loads(file.read(skeleton_length))
        return decode(skeleton, path, TopicTexts(file, start + skeleton_length))
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        # Not JSON, or JSON of another shape: treat it as missing; it is written again.
        file.close()
        return None


def _write(cache: Path, key: dict[str, Any], loaded: Guide) -> None:
    """Write the cache atomically; give up quietly if we cannot."""
    skeleton, details = split_details(encode(loaded))
    head = dumps(skeleton)
    payload = head + details
    header = json.dumps(
        {
            "key": key,
            "payload_length": len(payload),
            "payload_crc32": zlib.crc32(payload),
            "skeleton_length": len(head),
        }
    )
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, header.encode() + b"\n" + payload)
    except OSError:
        # A read-only or full cache folder only costs speed: the next start parses again.
        return


_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """A hash of the code that reads and checks guides, so that changing it empties the cache."""
    global _fingerprint
    if _fingerprint is None:
        pieces = []
        # The checking modules by file, so that a cache hit need not import them.
        here = Path(guide.__file__ or "")
        for source in (
            here,
            here.with_name("guide_toml.py"),
            here.with_name("case_study_check.py"),
            here.with_name("guide_check.py"),
            Path(textclean.__file__ or ""),
        ):
            try:
                pieces.append(source.read_bytes())
            except OSError:
                pieces.append(source.name.encode())
        _fingerprint = sha256_hex(b"".join(pieces))
    return _fingerprint


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector while building a guide's many objects (none are garbage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

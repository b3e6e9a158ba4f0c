"""SHA-1 and SHA-256 from CPython's own small implementations, without OpenSSL's.

`import hashlib` sets up OpenSSL's digests: 0.8 MiB more memory for the whole session
(measured on top of a Textual app, which has loaded OpenSSL for asyncio already), for two
hashes CPython also builds in. hashlib itself falls back to these same modules when
OpenSSL lacks one, and the digests are the same: the ids made from them (cards,
questions, answers) do not change. An interpreter built without them uses hashlib.

Plain Python with no Textual import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_sha1: Callable[[bytes], Any]
_sha256: Callable[[bytes], Any]
try:
    from _sha1 import sha1 as _sha1  # type: ignore[import-not-found, no-redef]
except ImportError:  # pragma: no cover - CPython builds it in
    from hashlib import sha1 as _sha1
try:
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found, no-redef]  # 3.12+
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found, no-redef]
    except ImportError:  # pragma: no cover - CPython builds it in
        from hashlib import sha256 as _sha256


def sha1_hex(data: bytes) -> str:
    """The SHA-1 digest of `data`, in hexadecimal."""
    return str(_sha1(data).hexdigest())


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of `data`, in hexadecimal."""
    return str(_sha256(data).hexdigest())

"""The progress file: loaded, merged with other copies' saves, and written safely.

Plain Python with no Textual import. Saving takes a lock beside the file (so that two
histtuis on one file take turns), re-reads the file if someone else has written it since,
merges (the later change to each record wins), then writes atomically. A save that cannot
take the lock at once is not forced: it is left for the caller to try again.
"""

from __future__ import annotations

import errno
import os
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from histtui.filesafety import (
    FileStamp,
    LockBusy,
    file_stamp,
    locked,
    stamp,
    write_atomic,
)
from histtui.progress.model import Progress
from histtui.progress.records import FORMAT, Clock, ProgressError, utc_now
from histtui.progress.writer import TomlWriter
from histtui.textclean import clean_text

STALE_TEMP_SECONDS = 60.0
"""Temp files older than this, left by a histtui killed mid-save, are removed at the next save."""

Writer = Callable[[Path, bytes], None]

LARGE_FILE = 1024 * 1024
"""A progress file larger than this (years of notes) is saved in a thread, not on the event
loop: writing 30 MB of TOML takes most of a second."""


class ProgressStore:
    """Loads and saves one guide's progress file.

    A file that cannot be read is moved aside (never overwritten or deleted) and a fresh
    one begins; a file from a newer histtui, or another guide's file, is left alone and
    nothing is saved over it (`read_only`). A save that fails keeps the progress in memory
    and says why in `save_error` until a later save succeeds; a save that finds the lock
    held sets `pending` and is made again by the next save or `save` call. One-off events
    are kept in `notices` for the app to show.

    `write` is how the file is written (`write_atomic`); tests pass one that fails the way a
    full disk does.
    """

    def __init__(
        self,
        path: Path,
        guide_id: str,
        clock: Clock = utc_now,
        *,
        write: Writer | None = None,
    ) -> None:
        self.path = path
        self.guide_id = guide_id
        self.clock = clock
        self.write: Writer = write or write_atomic
        self.notices: list[str] = []
        self.read_only = False
        self.read_only_reason: str | None = None
        self.save_error: str | None = None
        self.pending = False
        """Whether a save is waiting for another histtui to release the lock."""
        # The file as this store last read or wrote it (inode, size, mtime): while it is
        # still that file, no one else has saved, and there is nothing to merge.
        self._seen: FileStamp | None = None
        self._copied: FileStamp | None = None  # the file last copied aside for bad records
        self._writer = TomlWriter()

    @property
    def lock_path(self) -> Path:
        """The lock file beside the progress file."""
        return self.path.with_name(f"{self.path.name}.lock")

    def load(self) -> Progress:
        """The progress on disk, or a fresh one when there is none or it could not be read.

        No lock is needed to read: a save replaces the file in one step, so a reader sees the
        old file or the new one.
        """
        try:
            on_disk = self._read()
        except OSError as error:
            self.save_error = self._describe(error, writing=False)
            on_disk = None
        return on_disk if on_disk is not None else Progress(self.guide_id)

    @property
    def large(self) -> bool:
        """Whether the file, as last read or written, is over LARGE_FILE."""
        seen = self._seen
        return seen is not None and seen[1] > LARGE_FILE

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer the one this store last read or wrote."""
        return self._seen != file_stamp(self.path)

    def merge_from_disk(self, progress: Progress) -> bool:
        """Take into `progress` (in place) what another histtui saved; whether anything came."""
        if self.read_only or not self.changed_on_disk():
            return False
        try:
            on_disk = self._read()
        except OSError:
            return False
        if on_disk is None:
            return False
        return progress.merge_in(on_disk)

    def save(self, progress: Progress, *, wait: float = 0) -> bool:
        """Merge what is on disk now into `progress` (in place) and write the result atomically.

        The whole read-merge-write happens under the lock, so that two histtuis on one file
        take turns and neither loses the other's changes. Returns whether the merge brought
        in anything another histtui saved. On failure the progress stays in memory and
        `save_error` says why, until a later save succeeds; when the lock is held by another
        histtui, `pending` is set and nothing is written. `wait` is how long to wait for
        the lock: never on the event loop, only as histtui exits.
        """
        if self.read_only:
            return False
        brought_in = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with locked(self.lock_path, wait):
                self.pending = False
                # The file is still the one this store last read or wrote: nobody else has
                # saved since, so there is nothing to merge and no need to read it again.
                try:
                    on_disk = self._read() if self.changed_on_disk() else None
                except OSError as error:
                    self.save_error = self._describe(error, writing=False)
                    return False
                if self.read_only:
                    return False
                if on_disk is not None:
                    brought_in = progress.merge_in(on_disk)
                self.write(self.path, self._writer.dumps(progress).encode("utf-8"))
                self._seen = file_stamp(self.path)
                self._remove_stale_temp_files()
        except LockBusy:
            self.pending = True
            return False
        except OSError as error:
            self.save_error = self._describe(error, writing=True)
        else:
            self.save_error = None
        return brought_in

    def _describe(self, error: OSError, writing: bool) -> str:
        """Why a save failed, where, and what the student can do."""
        reasons = {
            errno.ENOSPC: "the disk is full",
            errno.EROFS: "the folder is read-only",
            errno.EACCES: "the folder is read-only for you",
            errno.EPERM: "the folder is read-only for you",
            errno.ENOTDIR: "the folder is missing and cannot be created",
            errno.ENOENT: "the folder is missing and cannot be created",
            errno.EEXIST: "the folder is missing and cannot be created",  # a file is there
        }
        quota = getattr(errno, "EDQUOT", None)
        if quota is not None:
            reasons[quota] = "your disk quota is full"
        if writing:
            reason = reasons.get(error.errno or 0, error.strerror or str(error))
            problem = f"cannot write to {self.path.parent} ({reason})"
        else:
            problem = f"cannot read {self.path} ({error.strerror or error})"
        return (
            f"Not saved: {problem}. histtui keeps your progress and saves it as soon as it "
            "can; to save it elsewhere, quit and start histtui with --state FILE."
        )

    def _read(self) -> Progress | None:
        """The progress in the file; None if there is none or it was set aside.

        Raises OSError when the file is there but cannot be read: then nothing may be written
        over it.
        """
        self._seen = None
        try:
            with self.path.open("rb") as handle:
                seen = stamp(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None
        try:
            document = tomllib.loads(raw.decode("utf-8-sig"))  # a BOM is no harm
            version = document.get("format")
            if type(version) is int and version > FORMAT:  # `true` is an int too
                self._leave_alone(f"{self.path} was written by a newer histtui (format {version})")
                return None
            if type(version) is not int or version != FORMAT:
                raise ProgressError(f"unknown format {version!r}")
            progress = Progress.from_toml(document)
        except RecursionError:
            self._move_aside("nested too deeply")
            return None
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ProgressError) as error:
            self._move_aside(clean_text(str(error)))
            return None
        if progress.guide_id != self.guide_id:
            self._leave_alone(
                f"{self.path} holds progress for another guide "
                f"({clean_text(progress.guide_id)!r}, not {self.guide_id!r})"
            )
            return None
        if progress.left_out and not self._keep_copy(raw, seen, progress.left_out):
            return progress
        self._seen = seen
        return progress

    def _keep_copy(self, raw: bytes, seen: FileStamp, left_out: list[str]) -> bool:
        """Keep the file as it is, bad records and all, in a `<name>.bad-<time>` copy beside
        it, and tell the student once, before a save writes the file without them; whether
        the copy is there (if it could not be made, nothing is saved over the file).

        A copy beside the file, not a table inside it: what was left out is kept exactly as
        it was (a wrong type could not be merged or written back as a record), merging stays
        record by record, and a student or teacher can open the copy with any editor.
        """
        if seen == self._copied:
            return True  # this very file was copied when first read
        try:
            target = self._aside_name()
            self.write(target, raw)
        except OSError as error:
            self._leave_alone(
                f"{len(left_out)} records in {self.path} could not be read, and the file "
                f"could not be copied aside ({error.strerror or error})"
            )
            return False
        self._copied = seen
        reasons = "; ".join(clean_text(reason) for reason in left_out[:3])
        more = f"; and {len(left_out) - 3} more" if len(left_out) > 3 else ""
        self.notices.append(
            f"{len(left_out)} {'record' if len(left_out) == 1 else 'records'} in your "
            f"progress file could not be read and {'was' if len(left_out) == 1 else 'were'} "
            f"left out ({reasons}{more}). The rest is loaded; the file as it was is kept at "
            f"{target}."
        )
        return True

    def _leave_alone(self, why: str) -> None:
        """Never write over this file again in this session, and say so."""
        if self.read_only:
            return
        self.read_only = True
        self.read_only_reason = (
            f"Read only: {why}. It is left untouched and nothing you do now is saved. "
            "To keep your progress, start histtui with --state FILE."
        )
        self.notices.append(self.read_only_reason)

    def _aside_name(self) -> Path:
        """A new `<name>.bad-<time>` beside the progress file."""
        stamp_text = self.clock().strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.bad-{stamp_text}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.bad-{stamp_text}-{counter}")
        return target

    def _move_aside(self, reason: str) -> None:
        target = self._aside_name()
        try:
            os.replace(self.path, target)
        except OSError as error:
            self._leave_alone(
                f"{self.path} could not be read ({reason}) nor moved aside "
                f"({error.strerror or error})"
            )
            return
        self.notices.append(
            f"Your progress file could not be read ({reason}). It was moved to {target} "
            "and a fresh one begins."
        )

    def _remove_stale_temp_files(self) -> None:
        """Remove temp files left by a histtui killed mid-save (old ones only, to be safe)."""
        import glob  # at the first save, not at start

        cutoff = time.time() - STALE_TEMP_SECONDS
        for temp in self.path.parent.glob(f".{glob.escape(self.path.name)}.*.tmp"):
            try:
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
            except OSError:
                # Already removed by someone else, or not ours to remove: it is only litter.
                continue

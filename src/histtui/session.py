"""The study session: the one place a student's record changes.

Plain Python with no Textual import. A StudySession owns the guide, the student's progress
and its store, the flashcard reviewer, the search index and the clocks. Every change a
student makes (complete, bookmark, note, plan, enrol, grade, visit, theme) goes through one
of its methods and ends in a save; whoever shows progress subscribes to `Change`s, which
come from those methods and from merges of what another running histtui saved.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from histtui.config import Config
from histtui.guide import CaseStudy, Chapter, Guide, SubQuestion, Topic, answer_key
from histtui.practice import Monotonic
from histtui.progress import CardRecord, Clock, Progress, ProgressStore, Review, Stamped, utc_now
from histtui.progress.records import Place
from histtui.scheduling import SUSPENDED, DueCounts, Reviewer, new_card_limit

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from histtui.search import SearchIndex  # imported at the first search


class Change(NamedTuple):
    """What changed in the student's record: these topics' records, or anything (None)."""

    topics: frozenset[str] | None = None
    reading: bool = False
    """Only where the student is reading changed (the last topic opened, for Continue):
    nothing shown of the topics themselves."""

    def touches(self, topic: Topic) -> bool:
        """Whether what shows of `topic` (or its chapter) may have changed."""
        return self.topics is None or topic.id in self.topics


EVERYTHING = Change()
"""A change that may touch any record (a merge of another copy's saves)."""

Listener = Callable[[Change], None]

Post = Callable[[Callable[[], None]], object]
"""Runs a function on the event loop, from any thread (`loop.call_soon_threadsafe`)."""


class StudySession:
    """One student working through one guide, with their progress saved at every change."""

    def __init__(
        self,
        guide: Guide,
        store: ProgressStore,
        clock: Clock = utc_now,
        *,
        rng: random.Random | None = None,
        monotonic: Monotonic = time.monotonic,
        config: Config | None = None,
    ) -> None:
        self.guide = guide
        self.store = store
        self.clock = clock
        self.progress = store.load()
        self.reviewer = Reviewer(guide, self.progress)
        self.rng = rng or random.Random()
        """Where quizzes draw their questions from (tests seed it)."""
        self.monotonic = monotonic
        """Seconds on a clock that only moves forward, for countdowns (tests replace it)."""
        self.unsaved = False
        """Whether a change (a visit) waits for the next save."""
        self._notices: list[str] = []
        self._listeners: list[Listener] = []
        self._post: Post | None = None
        self._saver: ThreadPoolExecutor | None = None
        # A save of a large file in its thread, and the snapshot it saves.
        self._saving: tuple[Future[bool], Progress] | None = None
        self._save_again = False  # a change came while it was being saved
        self.config = config or Config()
        """The settings of the config file (config.py)."""
        self._undo: list[tuple[str, CardRecord]] = []

    # Subscribing --------------------------------------------------------------------

    @cached_property
    def search_index(self) -> SearchIndex:
        """The guide's words (and the student's notes) to search: made at the first search."""
        from histtui.search import SearchIndex

        return SearchIndex(self.guide, self.progress.note)

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every Change from now on."""
        self._listeners.append(listener)

    def _announce(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # Saving -------------------------------------------------------------------------

    def save_large_files_in_a_thread(self, post: Post) -> None:
        """From now on save a large progress file (`store.large`) in a thread of its own, so
        that the event loop `post` runs functions on is never held up for long."""
        self._post = post

    def save(self) -> None:
        """Save now, merging in what another histtui saved (announced if anything came).

        A large file, once `save_large_files_in_a_thread` has been called, is saved from a
        snapshot of the progress (taken here, on the event loop: the progress is never
        read by the thread while it changes), written in a thread, one save at a time: a
        save asked for meanwhile is made when that one ends. Until then `saved` is False.
        """
        self.unsaved = False
        if self._post is not None and (self._saving is not None or self.store.large):
            self._save_in_thread(self._post)
            return
        if self.store.save(self.progress):
            self._announce(EVERYTHING)

    def _save_in_thread(self, post: Post) -> None:
        if self._saving is not None:
            self._save_again = True
            return
        if self._saver is None:
            # Imported here: only big progress files are saved in a thread.
            from concurrent.futures import ThreadPoolExecutor

            self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="histtui-save")
        snapshot = self.progress.snapshot()
        saving = self._saver.submit(self.store.save, snapshot)
        self._saving = (saving, snapshot)
        saving.add_done_callback(lambda _: post(lambda: self._saved(saving)))

    def _take_in(self) -> bool:
        """Take in what the save in the thread merged from disk (waiting for it to end);
        whether anything came."""
        assert self._saving is not None
        saving, snapshot = self._saving
        self._saving = None
        brought_in = saving.result()
        if brought_in:
            # The snapshot now holds what another histtui saved; what changed here since
            # the snapshot was taken is later, and stays.
            self.progress.merge_in(snapshot)
        return brought_in

    def _saved(self, saving: Future[bool]) -> None:
        """On the event loop, after a save in the thread."""
        if self._saving is None or self._saving[0] is not saving:
            return  # already taken in, by finish_saving
        brought_in = self._take_in()
        if self._save_again:
            self._save_again = False
            self.save()
        self._announce(EVERYTHING if brought_in else Change(frozenset()))

    @property
    def saving(self) -> bool:
        """Whether a save is being written in its thread."""
        return self._saving is not None

    def finish_saving(self) -> None:
        """Wait for a save in its thread to end, and make any save that waited for it, here
        and now (as histtui exits, or after an error)."""
        if self._saving is None:
            return
        self._take_in()
        if self._save_again:
            self._save_again = False
            self.store.save(self.progress)

    def save_if_unsaved(self) -> None:
        """Make the save a visit left for later, unless another save made it."""
        if self.unsaved:
            self.save()

    def sync(self) -> bool:
        """Take in what another histtui saved since, and announce it; whether anything came."""
        if self.saving:
            return False  # the save in its thread takes it in
        if self.store.merge_from_disk(self.progress):
            self._announce(EVERYTHING)
            return True
        return False

    def retry(self) -> None:
        """Save again if a save is waiting for the lock or failed and may now succeed."""
        store = self.store
        if self.saving:
            return  # that save will say how it went
        if store.pending or (store.save_error and not store.read_only):
            self.save()

    @property
    def waiting_for_lock(self) -> bool:
        """Whether a save waits for another histtui to release the lock."""
        return self.store.pending

    @property
    def save_warning(self) -> str:
        """Why progress is not being saved, or "" when it is."""
        return self.store.read_only_reason or self.store.save_error or ""

    @property
    def saved(self) -> bool:
        """Whether everything the student did is on disk."""
        return not (self.unsaved or self.saving or self.store.pending or self.save_warning)

    def tell(self, notice: str) -> None:
        """Have the app tell the student `notice` (once), with the progress store's."""
        self._notices.append(notice)

    def take_notices(self) -> list[str]:
        """What the session and the progress store have to tell the student, once each."""
        notices = [*self._notices]
        self._notices.clear()
        while self.store.notices:  # one at a time: a save in its thread may add one
            notices.append(self.store.notices.pop(0))
        return notices

    # Changes ------------------------------------------------------------------------

    def _changed(self, topics: Iterable[Topic] = ()) -> None:
        self.save()
        self._announce(Change(frozenset(topic.id for topic in topics)))

    def visit(self, topic: Topic) -> None:
        """Remember the topic being read, for Continue; saved by the next save."""
        self.progress.last_topic = Stamped(topic.id, self.clock())
        self.unsaved = True
        self._announce(Change(frozenset({topic.id}), reading=True))

    def keep_place(self, topic: Topic, line: int) -> None:
        """Remember how far down a topic the student read, for Continue; saved by the next
        save (scrolling is too frequent to save each time)."""
        line = max(0, line)
        if line != self.progress.place(topic.id):
            self.progress.places[topic.id] = Place(self.clock(), line)
            self.unsaved = True

    def set_complete(self, topic: Topic, complete: bool) -> None:
        """Mark a topic complete or incomplete; a completed topic's cards join the reviews."""
        now = self.clock()
        self.progress.set_complete(topic.id, complete, now)
        if complete:
            self.reviewer.enrol([topic], now)
        self._changed([topic])

    def toggle_complete(self, topic: Topic) -> bool:
        """Mark a topic complete, or incomplete if it is; whether it is complete now."""
        complete = not self.progress.is_complete(topic.id)
        self.set_complete(topic, complete)
        return complete

    def toggle_bookmark(self, topic: Topic) -> bool:
        """Mark or unmark a topic "revise again"; whether it is marked now."""
        on = not self.progress.is_bookmarked(topic.id)
        self.progress.set_bookmark(topic.id, on, self.clock())
        self._changed([topic])
        return on

    def save_note(self, topic: Topic, text: str) -> bool:
        """Keep the student's note on a topic; whether it differed from the one kept."""
        text = text.strip()
        if text == self.progress.note(topic.id).strip():
            return False
        self.progress.set_note(topic.id, text, self.clock())
        self._changed([topic])
        return True

    def save_plan(self, key: str, text: str) -> bool:
        """Keep the student's answer plan for an exam question; whether it differed."""
        if text == self.progress.plan(key):
            return False
        self.progress.set_plan(key, text, self.clock())
        self._changed()
        return True

    def save_answer(self, case_study: CaseStudy, question: SubQuestion, text: str) -> bool:
        """Keep the student's answer to a case study's question; whether it differed."""
        key = answer_key(case_study.id, question.prompt)
        if text == self.progress.answer(key):
            return False
        self.progress.set_answer(key, text, self.clock())
        self._changed()
        return True

    def mark_answer(
        self,
        case_study: CaseStudy,
        question: SubQuestion,
        level: int,
        marks: int,
        attempt: dt.datetime | None = None,
    ) -> dt.datetime:
        """Record the student's self-mark (a level and marks) of their answer as a new attempt,
        or as a correction of the attempt first marked at `attempt`; the attempt's time."""
        key = answer_key(case_study.id, question.prompt)
        at = self.progress.add_self_mark(key, level, marks, self.clock(), attempt)
        self._changed()
        return at

    def enrol(self, chapter: Chapter) -> int:
        """Put a chapter's cards into review now; how many joined."""
        added = self.reviewer.enrol(chapter.topics, self.clock())
        self._changed()
        return added

    def grade(self, key: str, rating: int) -> dt.datetime:
        """Record a flashcard grading (1 Again .. 4 Easy); when the card is next due."""
        self._undo.append((key, self.progress.cards[key]))
        due = self.reviewer.grade(key, rating, self.clock())
        self._changed()
        return due

    def suspend_card(self, key: str) -> None:
        """Never show this card again (undone with undo_grade); logged in the review log."""
        record = self.progress.cards[key]
        self._undo.append((key, record))
        now = self.clock()
        self.progress.cards[key] = CardRecord(now, {**record.state, SUSPENDED: True})
        self.progress.reviews.append(Review(key, 0, now, kind="suspend"))
        self._changed()

    def undo_grade(self) -> str | None:
        """Undo the last grading or suspension of this session: the card's schedule goes
        back to what it was, and the review log says so. The card's key, or None."""
        if not self._undo:
            return None
        key, before = self._undo.pop()
        now = self.clock()
        log = self.progress.reviews
        undone = {r.undoes for r in log if r.card == key and r.kind == "undo"}
        last = next(
            (r for r in reversed(log) if r.card == key and r.kind != "undo" and r.at not in undone),
            None,
        )
        self.progress.cards[key] = CardRecord(now, dict(before.state))
        self.progress.reviews.append(
            Review(key, 0, now, kind="undo", undoes=None if last is None else last.at)
        )
        self._changed()
        return key

    @property
    def can_undo(self) -> bool:
        """Whether there is a grading or suspension to undo."""
        return bool(self._undo)

    @property
    def new_cards_per_day(self) -> int:
        """The daily limit on new cards: the Smart Guide's setting, else the config file's."""
        return new_card_limit(self.progress, self.config.new_cards_per_day)

    def set_new_cards_per_day(self, limit: int) -> None:
        """Set the daily limit on new cards (kept in the progress file)."""
        self.progress.new_cards_per_day = Stamped(str(max(0, limit)), self.clock())
        self._changed()

    def due_counts(self) -> DueCounts:
        """New / learning / review cards due now, and later today: THE due figures."""
        return self.reviewer.counts(self.clock(), self.new_cards_per_day)

    @property
    def exam_date(self) -> dt.date | None:
        """The day of the student's exam, if they have set it."""
        setting = self.progress.exam_date
        if setting is None or not setting.value:
            return None
        try:
            return dt.date.fromisoformat(setting.value)
        except ValueError:
            return None

    def set_exam_date(self, day: dt.date | None) -> None:
        """Set (or, with None, clear) the day of the student's exam."""
        self.progress.exam_date = Stamped("" if day is None else day.isoformat(), self.clock())
        self._changed()

    def set_theme(self, name: str) -> None:
        """Remember the student's theme for next time."""
        stamped = self.progress.theme
        if stamped is None or stamped.value != name:
            self.progress.theme = Stamped(name, self.clock())
            self.save()

    # Reading ------------------------------------------------------------------------

    def last_topic(self) -> Topic | None:
        """The topic the student last opened, if the guide still has it."""
        last = self.progress.last_topic
        return self.guide.topic(last.value) if last else None

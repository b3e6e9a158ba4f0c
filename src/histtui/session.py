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
from dataclasses import dataclass

from histtui.guide import Chapter, Guide, Topic
from histtui.practice import Monotonic
from histtui.progress import Clock, ProgressStore, Stamped, utc_now
from histtui.scheduling import Reviewer
from histtui.search import SearchIndex


@dataclass(frozen=True)
class Change:
    """What changed in the student's record: these topics' records, or anything (None)."""

    topics: frozenset[str] | None = None

    def touches(self, topic: Topic) -> bool:
        """Whether what shows of `topic` (or its chapter) may have changed."""
        return self.topics is None or topic.id in self.topics


EVERYTHING = Change()
"""A change that may touch any record (a merge of another copy's saves)."""

Listener = Callable[[Change], None]


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
    ) -> None:
        self.guide = guide
        self.store = store
        self.clock = clock
        self.progress = store.load()
        self.reviewer = Reviewer(guide, self.progress)
        self.search_index = SearchIndex(guide, self.progress.note)
        self.rng = rng or random.Random()
        """Where quizzes draw their questions from (tests seed it)."""
        self.monotonic = monotonic
        """Seconds on a clock that only moves forward, for countdowns (tests replace it)."""
        self.unsaved = False
        """Whether a change (a visit) waits for the next save."""
        self._notices: list[str] = []
        self._listeners: list[Listener] = []

    # Subscribing --------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` with every Change from now on."""
        self._listeners.append(listener)

    def _announce(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # Saving -------------------------------------------------------------------------

    def save(self) -> None:
        """Save now, merging in what another histtui saved (announced if anything came)."""
        self.unsaved = False
        if self.store.save(self.progress):
            self._announce(EVERYTHING)

    def save_if_unsaved(self) -> None:
        """Make the save a visit left for later, unless another save made it."""
        if self.unsaved:
            self.save()

    def sync(self) -> bool:
        """Take in what another histtui saved since, and announce it; whether anything came."""
        if self.store.merge_from_disk(self.progress):
            self._announce(EVERYTHING)
            return True
        return False

    def retry(self) -> None:
        """Save again if a save is waiting for the lock or failed and may now succeed."""
        store = self.store
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
        return not (self.unsaved or self.store.pending or self.save_warning)

    def tell(self, notice: str) -> None:
        """Have the app tell the student `notice` (once), with the progress store's."""
        self._notices.append(notice)

    def take_notices(self) -> list[str]:
        """What the session and the progress store have to tell the student, once each."""
        notices = [*self._notices, *self.store.notices]
        self._notices.clear()
        self.store.notices.clear()
        return notices

    # Changes ------------------------------------------------------------------------

    def _changed(self, topics: Iterable[Topic] = ()) -> None:
        self.save()
        self._announce(Change(frozenset(topic.id for topic in topics)))

    def visit(self, topic: Topic) -> None:
        """Remember the topic being read, for Continue; saved by the next save."""
        self.progress.last_topic = Stamped(topic.id, self.clock())
        self.unsaved = True
        self._announce(Change(frozenset({topic.id})))

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

    def enrol(self, chapter: Chapter) -> int:
        """Put a chapter's cards into review now; how many joined."""
        added = self.reviewer.enrol(chapter.topics, self.clock())
        self._changed()
        return added

    def grade(self, key: str, rating: int) -> dt.datetime:
        """Record a flashcard grading (1 Again .. 4 Easy); when the card is next due."""
        due = self.reviewer.grade(key, rating, self.clock())
        self._changed()
        return due

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

"""The command palette's study commands: statistics and the exam date."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = (
    (
        "Statistics",
        "Heatmap, streaks, retention, forecast, chapters weakest first (S)",
        "statistics",
    ),
    ("Set exam date", "The Smart Guide plans your topics to the exam (E)", "set_exam_date"),
)


class StudyCommands(Provider):
    """Statistics and the exam date, found by name."""

    async def search(self, query: str) -> Hits:
        """The commands whose names match `query`."""
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self.runner(action), help=help_text)

    async def discover(self) -> Hits:
        """Both commands, with nothing typed."""
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, self.runner(action), help=help_text)

    def runner(self, action: str) -> Callable[[], Awaitable[object]]:
        """A callback that runs the app's action `action`."""
        return partial(self.app.run_action, action)

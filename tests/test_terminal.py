"""The terminal: tiny sizes and resizes in the middle of anything never crash; below the
minimum size every screen says "Please enlarge the window"; NO_COLOR is honoured.
"""

from __future__ import annotations

from textual.command import CommandPalette

from histtui.screens.help import HelpScreen
from histtui.screens.overview import OverviewScreen
from histtui.screens.reader import ReaderScreen
from histtui.widgets.safety import MIN_HEIGHT, MIN_WIDTH, SaveWarning, TooSmall
from histtui.widgets.topic_view import TopicView
from tests.conftest import palette_has_hits, shown, wait_until

SIZES = [
    (40, 12),
    (1, 1),
    (200, 60),
    (MIN_WIDTH - 1, MIN_HEIGHT),
    (MIN_WIDTH, MIN_HEIGHT - 1),
    (MIN_WIDTH, MIN_HEIGHT),
    (2, 50),
    (300, 5),
    (80, 24),
]


def enlarge_message(app) -> str:
    """The "enlarge" message as shown on the current screen ("" if it is not shown)."""
    messages = app.screen.query(TooSmall)
    if not messages:
        return ""
    message = messages.first()
    if not message.display or message.region.height == 0:
        return ""
    return str(message.render())


def visible_children(app) -> list[str]:
    """The current screen's own widgets that take up room."""
    return [
        type(child).__name__
        for child in app.screen.children
        if child.display and child.region.area and not isinstance(child, SaveWarning)
    ]


async def test_40x12_asks_for_a_bigger_window_on_every_screen(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        message = enlarge_message(app)
        assert message.startswith("Please enlarge the window.")
        assert f"at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is 40×12" in message
        assert visible_children(app) == ["TooSmall"], "nothing half-drawn beside it"
        # The keys that work everywhere still do.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert enlarge_message(app)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette), "Textual's palette fits any size"
        await pilot.press("escape")
        # Big enough: the screen is back, with the focus where it belongs, so keys work.
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert enlarge_message(app) == ""
        assert "TooSmall" not in visible_children(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Aims of the Big Three"
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert "this one is 40×12" in enlarge_message(app)
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await pilot.pause()
        assert isinstance(app.focused, TopicView), "the focus came back"
        await pilot.press("n")
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"


async def resize_everywhere(pilot, pause: bool) -> None:
    for width, height in SIZES:
        await pilot.resize_terminal(width, height)
        if pause:
            await pilot.pause()
            too_small = width < MIN_WIDTH or height < MIN_HEIGHT
            assert bool(enlarge_message(pilot.app)) == too_small, (width, height)


async def test_resizing_in_the_middle_of_anything_never_crashes(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await resize_everywhere(pilot, pause=True)  # the overview
        await pilot.press("enter", "c", "pagedown")
        await resize_everywhere(pilot, pause=True)  # reading, scrolled
        await pilot.press("s")
        await resize_everywhere(pilot, pause=False)  # sidebar hidden, no time to settle
        await pilot.press("s", "tab", "down")
        await resize_everywhere(pilot, pause=False)  # in the tree
        await pilot.press("question_mark")
        await resize_everywhere(pilot, pause=True)  # help
        await pilot.press("escape", "ctrl+p", *"inch")
        await resize_everywhere(pilot, pause=False)  # palette, mid-search
        await wait_until(pilot, lambda: palette_has_hits(app))
        await pilot.press("enter")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert shown(app, "#topic-title") == "The Inchon Landings"
        pane = app.screen.query_one(TopicView)
        assert pane.region.width > 0
        assert app.session.progress.is_complete("big-three-aims")
        assert app.is_running


async def test_no_color_is_honoured(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "c")
        assert app.no_color, "Textual drops colour (its Monochrome filter) under NO_COLOR"
        assert shown(app, "#status").startswith("✔ Completed"), "state is in words, not colour"


async def test_a_notice_never_covers_the_request_for_a_bigger_window(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        app.notify("A notice of the moment, long enough to cover the middle of the screen.")
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert enlarge_message(app).startswith("Please enlarge the window.")
        assert not app.screen.query("Toast"), "no notice painted over it"


class Closed:
    """A terminal that has gone: every write and flush fails, as on a closed pty (EIO)."""

    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")


def test_writes_after_the_terminal_has_gone_never_block():
    """Textual's writer thread ends at the first failed write; with a TerminalOutput under
    it, the app's later writes (frames, then the terminal's restoration as it quits) go
    nowhere instead of filling its queue and blocking histtui for ever."""
    import threading

    from textual.drivers._writer_thread import WriterThread

    from histtui.environment import TerminalOutput

    output = TerminalOutput(Closed())  # type: ignore[arg-type]
    writer = WriterThread(output)  # type: ignore[arg-type]
    writer.start()
    finished = threading.Event()

    def quit_after_the_window_closed() -> None:
        for _ in range(100):
            writer.write("a frame")
        writer.stop()
        finished.set()

    threading.Thread(target=quit_after_the_window_closed, daemon=True).start()
    assert finished.wait(10), "histtui would hang after its terminal closed"
    assert output.gone


async def test_the_apps_driver_writes_through_a_terminal_output(make_app):
    from histtui.environment import TerminalOutput

    app = make_app()
    driver = app.driver_class(app, debug=False, mouse=True, size=(80, 24))
    if hasattr(driver, "_file"):  # Linux and macOS: the driver's output stream
        assert isinstance(driver._file, TerminalOutput)

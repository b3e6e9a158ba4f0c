"""The other screens' styles are parsed after the Smart Guide's first frame (start-up,
issue 14), and always before any of those screens opens."""

from __future__ import annotations

from histtui.app import HistTUI


def parsed_from_screen_styles(app: HistTUI) -> bool:
    return any(read_from[0].endswith("screens.tcss") for read_from in app.stylesheet.source)


class Watched(HistTUI):
    """histtui, noting at each frame written whether screens.tcss had been parsed."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.frames: list[bool] = []

    def post_display_hook(self) -> None:
        self.frames.append(parsed_from_screen_styles(self))


async def test_the_smart_guide_starts_on_its_own_styles_and_the_rest_follow(make_app):
    app = Watched(make_app().session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.frames[0] is False  # the first frame: the Smart Guide's styles only
        assert app.screen_styles_loaded and parsed_from_screen_styles(app)


async def test_a_screen_opened_before_they_load_is_styled(make_app):
    """However fast the student's first key, the screen it opens has its styles."""
    app = make_app()
    app.after_first_frame = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not parsed_from_screen_styles(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_box = app.screen.query_one("#help")
        assert help_box.styles.width is not None and help_box.styles.width.value == 84
        assert help_box.styles.border_top[0] == "round"


async def test_nothing_is_loaded_once_the_student_has_quit(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)):
        app.screen_styles_loaded = False
        app.quitting = True
        app.after_first_frame()
        assert not app.screen_styles_loaded


async def test_the_cycle_collector_comes_back_once_the_first_frame_is_out(make_app):
    """cli.main starts the app with the collector off (it would scan the Smart Guide's
    widgets again and again as they are made); the app turns it on after its first frame."""
    import gc

    seen: list[bool] = []
    app = make_app()
    app.call_after_refresh(lambda: seen.append(gc.isenabled()))  # the first frame, queued first
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert seen[0] is False, "the collector was on before the first frame"
            assert gc.isenabled()
    finally:
        gc.enable()

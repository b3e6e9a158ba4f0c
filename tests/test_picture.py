"""Picture (widgets/picture.py): a styled picture in text, drawn a line at a time."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from histtui.widgets.picture import Picture


class PictureApp(App[None]):
    CSS = "Picture { height: auto; width: 12; }"

    def compose(self) -> ComposeResult:
        yield Picture(Text.assemble(("██", "green"), " more\n", ("·" * 20, "dim")))


async def test_a_picture_is_cut_at_its_edge_not_folded_and_can_be_replaced():
    app = PictureApp()
    async with app.run_test(size=(40, 6)) as pilot:
        picture = app.query_one(Picture)
        assert picture.size.height == 2, "twenty dots on 12 columns stay one line"
        lines = [strip.text.rstrip() for strip in picture.render_lines(picture.region.reset_offset)]
        assert lines == ["██ more", "·" * 12]
        green = picture.render_line(0)._segments[0].style
        assert green is not None and green.color is not None and green.color.number == 2  # green
        picture.update(Text("one\ntwo\nthree"))
        await pilot.pause()
        assert picture.size.height == 3
        lines = [strip.text.rstrip() for strip in picture.render_lines(picture.region.reset_offset)]
        assert lines == ["one", "two", "three"]
        assert picture.text.plain == "one\ntwo\nthree"

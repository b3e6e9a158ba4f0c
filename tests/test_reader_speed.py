"""What makes the reader fast keeps it right: the lazy tree, prepared topics, the deferred save."""

from __future__ import annotations

import tomllib

from textual.widgets.tree import TreeNode

from histtui.widgets import topic_view
from histtui.widgets.course_tree import CourseTree
from histtui.widgets.footer import KeyBar
from histtui.widgets.topic_page import TopicBody
from histtui.widgets.topic_view import TopicView
from tests.conftest import at_each_body_drawing, footer_text, shown
from tests.test_student_screens import wait_for

SIZE = (100, 30)


def topic_nodes(tree: CourseTree) -> list[str]:
    return [
        node.data.id
        for chapter in tree.root.children
        for chapter_node in chapter.children
        for node in chapter_node.children
    ]


def body_text(app) -> str:
    body = app.screen.query_one(TopicBody)
    return "\n".join(strip.text for strip in body.body.lines(body, body.content_size.width))


async def test_the_tree_holds_only_the_topics_of_chapters_opened_so_far(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        tree = app.screen.query_one(CourseTree)
        assert topic_nodes(tree) == ["big-three-aims", "versailles-terms"]
        await pilot.press("n", "n")
        assert "rise-of-stalin" in topic_nodes(tree)
        assert "korea-divided" not in topic_nodes(tree)
        # A chapter opened from the keyboard gets its topics too.
        await pilot.press("tab", "down", "down", "down", "right")
        assert tree.cursor_node.data.id == "korea"
        assert tree.cursor_node.is_expanded
        assert [node.data.id for node in tree.cursor_node.children] == ["korea-divided", "inchon"]


async def test_labels_follow_progress_in_opened_and_unopened_chapters(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        tree = app.screen.query_one(CourseTree)
        korea = app.session.guide.chapters[2]
        app.session.progress.set_complete("inchon", True, app.session.clock())
        tree.refresh_all()
        tree.refresh_topic(korea.topics[1])
        assert str(tree.label(korea)) == "3. 1/2 The Korean War"
        # Korea's topics join the tree with their labels already right.
        app.open_topic(korea.topics[0])
        await pilot.pause()
        inchon = next(node for node in tree.cursor_node.parent.children if node.data.id == "inchon")
        assert str(inchon.label).startswith("✔ ")
        assert tree.cursor_node.data.id == "korea-divided"


async def test_pressing_n_shows_the_next_topics_notes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert "Three Leaders, Three Aims" in body_text(app)
        await pilot.press("n")
        assert shown(app, "#topic-title") == "The Treaty of Versailles: Terms [1919]"
        assert "Alsace-Lorraine" in body_text(app)
        assert "Three Leaders" not in body_text(app)
        await pilot.press("p")
        assert "Three Leaders, Three Aims" in body_text(app)


async def test_the_next_topic_is_ready_before_n_is_pressed(make_app, monkeypatch):
    parsed: list[str] = []
    real = topic_view.render_body
    monkeypatch.setattr(topic_view, "render_body", lambda body: parsed.append(body) or real(body))
    app = make_app()
    first, second, third = app.session.guide.topics[:3]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert parsed == [first.body, second.body]
        await pilot.press("n")
        await pilot.pause()
        # The second topic was shown from what was prepared; the third is prepared now.
        assert parsed == [first.body, second.body, third.body]
        await pilot.press("p")
        assert parsed == [first.body, second.body, third.body]
        assert "Three Leaders, Three Aims" in body_text(app)


async def test_the_last_topic_is_saved_once_painted_and_before_quitting(make_app, state_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
        assert saved["last_topic"]["value"] == "versailles-terms"
        # A save still waiting for the screen is made when the student quits.
        app.open_topic(app.session.guide.topics[2])
        assert app.session.unsaved
        await app.action_quit()
    saved = tomllib.loads(state_path.read_text(encoding="utf-8"))
    assert saved["last_topic"]["value"] == "rise-of-stalin"


def footer_paints(app) -> object:
    """What the footer showed at its last paint: a new object each time it paints."""
    return app.screen.query_one(KeyBar).shown


async def test_the_footer_keeps_its_keys_while_they_stay_the_same(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        before = footer_paints(app)
        assert "c Complete" in footer_text(app)
        await pilot.press("n")
        await pilot.pause()
        # The same keys: the footer was not painted again.
        assert footer_paints(app) is before
        # The tree's own bindings are not shown: moving to it changes nothing drawn.
        await pilot.press("tab")
        await pilot.pause()
        assert footer_paints(app) is before
        await pilot.press("tab")
        # c changes what c does: the footer says so.
        await pilot.press("c")
        await pilot.pause()
        assert footer_paints(app) is not before
        assert "c Incomplete" in footer_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "Incomplete" not in footer_text(app)


def painted_footer(app) -> str:
    """The keys line as it was last painted: what the student sees."""
    bar = app.screen.query_one(KeyBar)
    return bar.draw(bar.shown).text


async def test_n_and_p_work_the_keys_out_again_only_when_c_changes(make_app, monkeypatch):
    """Textual works every key's check_action out again at each refresh of the bindings,
    which the reader made at every n (about 1 ms of it). Now only when what c does changes,
    and then the footer says so: Complete on an open topic, Incomplete on a done one."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        refreshes: list[str] = []
        refresh = reader.refresh_bindings

        def counted() -> None:
            refreshes.append(reader.topic.id)
            refresh()

        monkeypatch.setattr(reader, "refresh_bindings", counted)
        await pilot.press("n")
        await pilot.pause()
        assert refreshes == []  # neither topic is complete: the same keys
        assert "c Complete" in painted_footer(app)
        await pilot.press("c")
        await pilot.pause()
        assert "c Incomplete" in painted_footer(app)
        await pilot.press("n")
        await pilot.pause()
        assert "c Complete" in painted_footer(app)
        await pilot.press("p")
        await pilot.pause()
        assert "c Incomplete" in painted_footer(app)
        assert refreshes[-2:] == ["rise-of-stalin", "versailles-terms"]  # both n and p
        # Search hits change what n does: opening a topic at its hits shows n Next hit.
        await pilot.press("slash", *"germany", "enter")
        await wait_for(pilot, lambda: "Next hit" in painted_footer(app))


async def test_the_footer_says_n_is_next_topic_again_after_p_from_a_search_hit(make_app):
    """The reader first opened from search, at a topic's hits: n is Next hit; p opens the
    topic before it without hits, and n is Next again (the keys were worked out as the
    reader mounted, with hits marked)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"reparations", "enter")
        await wait_for(pilot, lambda: "Next hit" in painted_footer(app))
        reader = app.screen
        assert reader.topic is not None
        assert app.session.guide.previous_topic(reader.topic) is not None
        await pilot.press("p")
        await wait_for(pilot, lambda: "Next hit" not in painted_footer(app))
        assert "n Next" in painted_footer(app)


async def test_n_from_far_down_a_topic_draws_the_next_one_from_its_top(make_app, monkeypatch):
    """The pane scrolled home a refresh after the next topic was drawn: read far down one
    topic, n drew the next from as far down, then from its top a frame later."""
    app = make_app()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        pane = app.screen.query_one(TopicView)
        await pilot.press("end")
        await wait_for(pilot, lambda: pane.scroll_y > 3)
        drawn_at = at_each_body_drawing(monkeypatch, lambda: pane.scroll_y)
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(drawn_at) and pane.scroll_y == 0)
        assert drawn_at[0] == 0


async def test_opening_a_topic_repaints_no_tree_label(make_app, monkeypatch):
    relabelled: list[str] = []
    real = TreeNode.set_label

    def set_label(node: TreeNode, label: object) -> None:
        relabelled.append(str(label))
        real(node, label)

    monkeypatch.setattr(TreeNode, "set_label", set_label)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        relabelled.clear()
        await pilot.press("n")
        await pilot.pause()
        # Visiting changes no label: the chapter's lines keep their cached renders.
        assert relabelled == []
        await pilot.press("c")
        await pilot.pause()
        tree = app.screen.query_one(CourseTree)
        assert str(tree.cursor_node.label).startswith("✔ ")
        assert relabelled == [str(tree.cursor_node.label), str(tree.cursor_node.parent.label)]
        assert "1/2" in str(tree.cursor_node.parent.label)


async def test_reading_in_order_moves_the_tree_by_a_third_and_leaves_its_scrollbar_alone(
    make_app,
):
    """The tree scrolled a line at a time once the cursor reached its foot, repainting all
    of it, and Textual repainted its scrollbar at every layout of the screen (each `n`):
    4-5 ms of every `n`. The cursor stays in sight throughout."""
    from histtui.guide_check import load_guide
    from histtui.paths import bundled_guide

    app = make_app(load_guide(bundled_guide()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        tree = app.screen.query_one(CourseTree)
        bar = tree.vertical_scrollbar
        painted = []
        refresh = bar.refresh

        def counted(*args, **kwargs):
            painted.append(1)
            return refresh(*args, **kwargs)

        bar.refresh = counted
        offsets = []
        for _ in range(40):
            await pilot.press("n")
            await pilot.pause()
            top, height = round(tree.scroll_y), tree.scrollable_content_region.height
            assert top <= tree.cursor_line < top + height, "the cursor is in sight"
            if not offsets or offsets[-1] != top:
                offsets.append(top)
        assert offsets[-1] > 0, "the tree did scroll"
        assert len(offsets) <= 6, offsets
        assert len(painted) <= 2 * len(offsets), (len(painted), offsets)


async def test_opening_a_topic_redraws_its_progress_once(make_app):
    """Opening a topic changes only where the student is reading (for Continue); the reader
    drew the pane's progress, note and keys a second time for it, and relabelled the tree."""
    from histtui.widgets.topic_view import TopicView

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(TopicView)
        drawn = []
        redraw = view.refresh_progress

        def counted() -> None:
            drawn.append(1)
            redraw()

        view.refresh_progress = counted
        await pilot.press("n")
        await pilot.pause()
        assert len(drawn) == 1
        assert app.session.progress.last_topic.value == "versailles-terms"
        await pilot.press("c")  # a change the pane shows is still drawn
        await pilot.pause()
        assert len(drawn) == 2
        assert "Incomplete" in footer_text(app)


async def test_n_typed_faster_than_topics_open_reads_on_from_the_last_one_asked_for(make_app):
    """Each n asked for the topic after the one showing: n n n typed before the first
    had opened read one topic on, not three."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        for _ in range(3):  # three keys handled before any of their topics opens
            reader.action_next_topic()
        await pilot.pause()
        assert reader.topic.id == app.session.guide.topics[3].id
        reader.action_previous_topic()
        reader.action_previous_topic()
        await pilot.pause()
        assert reader.topic.id == app.session.guide.topics[1].id
        await pilot.press("n")  # one at a time, as before
        await pilot.pause()
        assert reader.topic.id == app.session.guide.topics[2].id


async def test_the_cycle_collector_waits_for_a_keys_frame(make_app, monkeypatch):
    import gc

    app = make_app()
    enabled_after_the_frame: list[bool] = []
    hand_over = app.post_display_hook

    def handing_over() -> None:
        hand_over()
        enabled_after_the_frame.append(gc.isenabled())

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert gc.isenabled()
        enabled_while_drawing = at_each_body_drawing(monkeypatch, gc.isenabled)
        monkeypatch.setattr(app, "post_display_hook", handing_over)
        await pilot.press("n")
        await pilot.pause()
        # The frame that showed the next topic was drawn with the collector off, and it was
        # still off as the frame went to Textual's writer thread (a collection then held
        # the frame back, up to 25 ms); it is on again in the event loop's next round.
        assert enabled_while_drawing[0] is False
        assert enabled_after_the_frame[0] is False
        for _ in range(100):
            if gc.isenabled():
                break
            await pilot.pause(0.01)
        assert gc.isenabled()
        assert app.collector_resumes is None
        assert shown(app, "#topic-title") == app.session.guide.topics[1].title


def cursor_colours(tree: CourseTree) -> set[str]:
    """The background colours of the label on the tree's cursor line, as drawn."""
    line = tree.render_line(tree.cursor_line - round(tree.scroll_y))
    label = [segment for segment in line if any(char.isalpha() for char in segment.text)]
    return {str(segment.style.bgcolor) for segment in label if segment.style}


async def test_moving_the_tree_cursor_works_no_style_out_again(make_app, monkeypatch):
    """Textual forgets the tree's component styles at every refresh; each `n` moved the
    cursor and worked them all out again for its two lines."""
    from textual.widgets import Tree

    worked_out: list[tuple[str, ...]] = []
    real = Tree.get_component_rich_style

    def counting(self, *names, **options):
        worked_out.append(names)
        return real(self, *names, **options)

    monkeypatch.setattr(Tree, "get_component_rich_style", counting)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        worked_out.clear()
        await pilot.press("p", "n")
        await pilot.pause()
        assert worked_out == []


async def test_the_tree_cursor_follows_focus_and_theme(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        tree = app.screen.query_one(CourseTree)
        unfocused = cursor_colours(tree)
        await pilot.press("tab")  # the tree has the focus: its cursor is drawn brighter
        await wait_for(pilot, lambda: cursor_colours(tree) != unfocused)
        focused = cursor_colours(tree)
        await pilot.press("d")
        await wait_for(pilot, lambda: cursor_colours(tree) != focused)
        await pilot.press("tab")
        await wait_for(pilot, lambda: cursor_colours(tree) not in (focused, unfocused))

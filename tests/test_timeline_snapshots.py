"""How the timeline and its quiz look, at 80x24 and 120x40 (reviewed by eye)."""

from __future__ import annotations

import pytest

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_timeline(snap_compare, make_app, size):
    # From the reader, on the second topic: the cursor starts at its event.
    assert snap_compare(make_app(), terminal_size=size, press=["enter", "n", "t"])


def test_timeline_filtered(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["t", *"peace"])


def test_timeline_this_chapter_only(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), press=["enter", "t", "ctrl+f"])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_timeline_quiz(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["t", "ctrl+z"])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_timeline_quiz_answered(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, press=["t", "ctrl+z", "1"])
